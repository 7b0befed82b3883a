package dev.warren.client;

/**
 * How a process ended, with its collected output. A non-zero exit code is a result, not an exception.
 *
 * @param stdout    everything the process wrote to standard output (as received: after {@code attach}, from the
 *                  server's replay of recent output on)
 * @param stderr    everything it wrote to standard error
 * @param exitCode  its exit code; when the server reports none but a signal, {@code 128 + signal} (the shell's
 *                  convention); -1 when neither is known
 * @param signal    the signal number that killed it, or null
 * @param timedOut  whether its timeout passed and it was killed
 * @param truncated whether the server dropped output beyond its cap
 */
public record CommandResult(String stdout, String stderr, int exitCode, Integer signal, boolean timedOut,
        boolean truncated) {

    /** Null output becomes empty. */
    public CommandResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** Whether the process exited by itself with code 0 (no signal, no timeout). */
    public boolean succeeded() {
        return exitCode == 0 && signal == null && !timedOut;
    }
}
