package dev.warren.runtime;

import dev.warren.runtime.agent.AgentProcess;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills a process's group (SIGKILL) when its time is up, unless closed first. Used by every caller that runs a
 * process with a timeout, so "timed out" means the same everywhere. Thread-safe.
 */
public final class ProcessDeadline implements AutoCloseable {
    private static final int SIGKILL = 9;

    private final AtomicBoolean passed = new AtomicBoolean();
    private final Thread timer;

    private ProcessDeadline(AgentProcess process, Duration timeout) {
        timer = timeout == null ? null : Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                passed.set(true);
                process.signal(SIGKILL);
            } catch (InterruptedException finished) {
                // closed in time
            } catch (RuntimeException alreadyGone) {
                // it exited between the deadline and the kill
            }
        });
    }

    /** Starts the clock; {@code timeout} null means never. */
    public static ProcessDeadline start(AgentProcess process, Duration timeout) {
        return new ProcessDeadline(process, timeout);
    }

    /** Whether the time ran out (and the process was killed). */
    public boolean passed() {
        return passed.get();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.interrupt();
        }
    }
}
