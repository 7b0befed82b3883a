package dev.warren.runtime.agent;

import java.time.Instant;
import java.util.List;

/**
 * A process the agent manages: running, or exited recently (the agent remembers the last 64 that exited).
 *
 * @param exitCode   the exit code ({@code 128 + signal} when a signal ended it), or {@code null} while running
 * @param main       whether this is the space's main command (the template's command, given to the agent at start)
 * @param startedAt  when the agent started it
 */
public record ProcessInfo(int pid, List<String> argv, boolean running, Integer exitCode, boolean background,
        boolean tty, boolean main, Instant startedAt) {

    public ProcessInfo {
        argv = List.copyOf(argv);
    }
}
