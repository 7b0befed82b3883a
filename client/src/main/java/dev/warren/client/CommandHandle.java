package dev.warren.client;

import dev.warren.client.wire.Processes.ProcessInfo;

/**
 * A process started by {@link ProcessesApi#background(String, RunOptions)}: it runs on its own, whoever follows
 * it; this handle follows, feeds, signals or kills it. Holding the handle keeps nothing open on the server.
 * Immutable and thread-safe: one thread may {@link #waitFor()} while another calls {@link #kill()}.
 * <pre>{@code
 * CommandHandle clock = warren.processes("web").background("while true; do date; sleep 1; done",
 *         RunOptions.shell().onStdout(System.out::print));
 * Thread.ofVirtual().start(clock::waitFor);   // prints each line as it comes
 * ...
 * clock.kill();                               // waitFor then returns with signal 9
 * }</pre>
 */
public final class CommandHandle {
    private final ProcessesApi processes;
    private final ProcessInfo started;
    private final OutputCallbacks callbacks;

    CommandHandle(ProcessesApi processes, ProcessInfo started, OutputCallbacks callbacks) {
        this.processes = processes;
        this.started = started;
        this.callbacks = callbacks;
    }

    /** The process id in the space. */
    public int pid() {
        return started.pid();
    }

    /** The process as the server described it when it started. */
    public ProcessInfo started() {
        return started;
    }

    /** The process as the server describes it now (running, exit code). */
    public ProcessInfo refresh() {
        return processes.get(pid());
    }

    /**
     * Follows the process until it exits, handing output to the callbacks it was started with (recent output is
     * replayed first). Blocks as long as the process runs.
     *
     * @return how it ended, with the output received
     */
    public CommandResult waitFor() {
        return processes.attach(pid(), callbacks);
    }

    /**
     * @param with callbacks to use instead of those it was started with
     * @return how it ended, with the output received
     */
    public CommandResult waitFor(OutputCallbacks with) {
        return processes.attach(pid(), with);
    }

    /** Kills the process (SIGKILL to its process group). */
    public void kill() {
        processes.kill(pid());
    }

    /**
     * @param signal a name ({@code TERM}, {@code INT}, …) or a number
     * @throws WarrenException.Conflict when the process has already exited
     */
    public void signal(String signal) {
        processes.signal(pid(), signal);
    }

    /**
     * Writes text to the process's standard input (start it with {@link RunOptions#withStdinOpen()}).
     *
     * @param data the text
     */
    public void sendStdin(String data) {
        processes.sendStdin(pid(), data);
    }

    /** Closes the process's standard input. */
    public void closeStdin() {
        processes.closeStdin(pid());
    }

    /**
     * Resizes the process's terminal (started with {@link RunOptions#withTty(int, int)}).
     *
     * @param cols columns
     * @param rows rows
     */
    public void resize(int cols, int rows) {
        processes.resize(pid(), cols, rows);
    }

    @Override
    public String toString() {
        return "CommandHandle[pid=" + pid() + ", space=" + processes.space() + "]";
    }
}
