package dev.warren.runtime.agent;

import java.io.IOException;

/**
 * A process seen through one connection to the agent, from {@link AgentClient#start} or {@link AgentClient#attach}.
 * {@link #next()} is meant for one reading thread; the control methods may be called from any thread meanwhile and
 * travel on the same connection, in order.
 */
public interface AgentProcess extends AutoCloseable {

    int pid();

    /**
     * Blocks for the next event: {@link ProcessEvent.Output} chunks as the process writes them, then one
     * {@link ProcessEvent.Exit}; {@code null} after the exit or once {@link #close()} was called.
     *
     * @throws AgentUnavailableException when the connection drops before the exit
     * @throws IOException               declared for callers that treat a broken stream as I/O; this implementation
     *                                   reports a broken stream as {@link AgentUnavailableException}
     */
    ProcessEvent next() throws IOException;

    /**
     * Writes to the process's stdin (or its terminal). Blocks while the process does not read.
     *
     * @throws AgentConflictException when the process was started without stdin or its stdin was closed
     */
    void writeStdin(byte[] data);

    /** Closes stdin; with a terminal, sends end-of-file (Ctrl-D) instead. */
    void closeStdin();

    /**
     * Resizes the terminal; the process gets {@code SIGWINCH}.
     *
     * @throws AgentConflictException when the process has no terminal
     */
    void resize(int cols, int rows);

    /** Sends a signal to the process's group; a process that already exited is left alone. */
    void signal(int signal);

    /**
     * Closes the connection. The agent kills a process started in the foreground that is still running;
     * a background process, or one seen through {@link AgentClient#attach}, keeps running. Idempotent.
     */
    @Override
    void close();
}
