package dev.warren.runtime;

import dev.warren.core.EngineFailureException;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.ProcessEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A finished process's output, read whole but bounded: at most {@code cap} bytes of stdout and stderr together are
 * kept, the rest is read and dropped ({@code truncated}), so a process that floods its output neither blocks nor
 * grows the server's heap. A process still running at the deadline has its group killed ({@code timedOut}).
 *
 * @param exitCode the exit code, {@code 128 + signal} when a signal ended it
 * @param signal   the signal that ended it, or 0
 */
public record CollectedOutput(byte[] stdout, byte[] stderr, int exitCode, int signal, boolean timedOut,
        boolean truncated) {

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Reads {@code process} to its end, then closes it. Blocking up to {@code timeout} (plus the kill). */
    public static CollectedOutput collect(AgentProcess process, long cap, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long kept = 0;
        boolean truncated = false;
        try (process; ProcessDeadline deadline = ProcessDeadline.start(process, timeout)) {
            ProcessEvent event;
            while ((event = process.next()) != null) {
                if (event instanceof ProcessEvent.Output output) {
                    byte[] data = output.data();
                    int room = (int) Math.max(0, Math.min(data.length, cap - kept));
                    if (room < data.length) {
                        truncated = true;
                    }
                    (output.stream().name().equals("STDERR") ? err : out).write(data, 0, room);
                    kept += room;
                } else if (event instanceof ProcessEvent.Exit exit) {
                    int code = exit.signal() != 0 ? 128 + exit.signal() : exit.exitCode();
                    return new CollectedOutput(out.toByteArray(), err.toByteArray(), code, exit.signal(),
                            deadline.passed(), truncated);
                }
            }
            throw new EngineFailureException("The space's agent ended the process's stream before its exit.");
        } catch (IOException broken) {
            throw new EngineFailureException("Reading the process's output failed: " + broken.getMessage(), broken);
        }
    }
}
