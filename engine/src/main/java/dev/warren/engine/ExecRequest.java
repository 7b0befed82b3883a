package dev.warren.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run inside a running container and wait for.
 *
 * @param command   the program and its arguments; not run through a shell
 * @param env       extra environment variables
 * @param workdir   working directory, or {@code null} for the container's
 * @param user      user (name or uid[:gid]), or {@code null} for the container's
 * @param timeout   how long to wait before the process is killed
 * @param maxOutputBytes how much of stdout and of stderr to keep each; the rest is read and dropped
 */
public record ExecRequest(List<String> command, Map<String, String> env, String workdir, String user,
                          Duration timeout, int maxOutputBytes) {
    /** Default cap on captured output per stream: enough for real output, small enough to never exhaust memory. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public ExecRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("An exec needs a command to run.");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("An exec timeout must be positive.");
        }
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("The output cap cannot be negative.");
        }
    }

    /** Runs {@code command} with the default timeout and output cap. */
    public static ExecRequest of(String... command) {
        return new ExecRequest(List.of(command), Map.of(), null, null, DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_BYTES);
    }

    public ExecRequest withEnv(Map<String, String> env) {
        return new ExecRequest(command, env, workdir, user, timeout, maxOutputBytes);
    }

    public ExecRequest withWorkdir(String workdir) {
        return new ExecRequest(command, env, workdir, user, timeout, maxOutputBytes);
    }

    public ExecRequest withUser(String user) {
        return new ExecRequest(command, env, workdir, user, timeout, maxOutputBytes);
    }

    public ExecRequest withTimeout(Duration timeout) {
        return new ExecRequest(command, env, workdir, user, timeout, maxOutputBytes);
    }

    public ExecRequest withMaxOutputBytes(int maxOutputBytes) {
        return new ExecRequest(command, env, workdir, user, timeout, maxOutputBytes);
    }
}
