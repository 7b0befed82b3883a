package dev.warren.runtime.agent;

/** A running watch; events go to the listener given to {@link AgentClient#watch} on a thread of the watch's own. */
public interface FileWatch extends AutoCloseable {

    /** Whether events still arrive: false after {@link #close()} or when the agent ended the watch. */
    boolean isOpen();

    /** Stops the watch and closes its connection. Idempotent; never throws. */
    @Override
    void close();
}
