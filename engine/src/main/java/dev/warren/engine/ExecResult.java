package dev.warren.engine;

import java.nio.charset.StandardCharsets;

/**
 * How an exec ended.
 *
 * @param exitCode  the process's exit code; -1 when it was killed on timeout and the engine did not say
 * @param stdout    captured standard output, at most the request's cap
 * @param stderr    captured standard error, at most the request's cap
 * @param timedOut  the timeout passed and the process was killed
 * @param truncated output went past the cap and the rest was dropped
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut, boolean truncated) {
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ExecResult[exitCode=" + exitCode + ", timedOut=" + timedOut + ", truncated=" + truncated
                + ", stdout=" + stdout.length + " bytes, stderr=" + stderr.length + " bytes]";
    }
}
