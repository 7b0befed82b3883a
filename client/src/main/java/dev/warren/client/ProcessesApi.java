package dev.warren.client;

import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.Processes.ResizeRequest;
import dev.warren.client.wire.Processes.SignalRequest;
import dev.warren.client.wire.Processes.StartProcessRequest;
import dev.warren.client.wire.Processes.StdinRequest;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Processes in one running space, through its in-space agent: run a command and stream its output, start one in
 * the background and follow, feed, signal or kill it later. Obtained from {@link Warren#processes(String)}.
 * <pre>{@code
 * ProcessesApi processes = warren.processes("web");
 * CommandResult result = processes.run("make test 2>&1 | tail -5",
 *         RunOptions.shell().onStdout(System.out::print));           // printed as it happens
 * if (!result.succeeded()) System.err.println("exit " + result.exitCode());
 *
 * CommandHandle server = processes.background("python3", RunOptions.argv("-m", "http.server", "8080"));
 * server.kill();
 * }</pre>
 * A non-zero exit is a {@link CommandResult}, never an exception; HTTP failures are the usual
 * {@link WarrenException}s ({@link WarrenException.WrongState} when the space is not running,
 * {@link WarrenException.NotFound} for an unknown space or pid), and a stream that ends without the process's exit is
 * {@link WarrenException.StreamBroken}. Streaming calls block until the process exits, however long that is (the
 * client's request timeout only bounds the wait for the stream to begin). Immutable and thread-safe.
 */
public final class ProcessesApi {
    /** The most characters of stdin sent in one request. */
    static final int STDIN_CHUNK = 256 * 1024;

    private final Transport transport;
    private final String space;
    private final String base;

    ProcessesApi(Transport transport, String space) {
        this.transport = transport;
        this.space = space;
        this.base = "/api/spaces/" + Transport.segment(space) + "/processes";
    }

    /** The space these processes run in, as given (name or id). */
    public String space() {
        return space;
    }

    /**
     * Runs a command in the foreground: its output reaches the callbacks of {@code options} as it happens, and this
     * returns once it has exited. Stopping early (a callback throwing, the thread interrupted) closes the stream,
     * which kills the process.
     *
     * @param command a shell line ({@link RunOptions#shell()}) or a program ({@link RunOptions#argv(String...)})
     * @param options the mode and the rest; there is no default mode
     * @return output, exit code, signal, and whether it timed out or was truncated
     * @throws IllegalArgumentException when the command is blank or no options are given (before any request)
     * @throws WarrenException.WrongState when the space is not running
     * @throws WarrenException.StreamBroken when the stream ends without the exit
     */
    public CommandResult run(String command, RunOptions options) {
        StartProcessRequest request = request(command, options, false);
        InputStream body = transport.stream("POST", base, request);
        return new ProcessStream(transport.json(), "'" + command + "' in " + space).read(body, options.callbacks(),
                pid -> feedStdin(pid, options));
    }

    /**
     * Starts a command in the background and returns at once; the process lives on until it exits or is killed,
     * whoever is attached. The handle's {@link CommandHandle#waitFor()} follows its output with the callbacks of
     * {@code options}.
     *
     * @param command a shell line ({@link RunOptions#shell()}) or a program ({@link RunOptions#argv(String...)})
     * @param options the mode and the rest
     * @return the running process
     * @throws IllegalArgumentException when the command is blank, no options are given, or they carry a timeout (a
     *                                  background process has none: kill it), before any request
     */
    public CommandHandle background(String command, RunOptions options) {
        if (options != null && options.timeout() != null) {
            throw new IllegalArgumentException("A background process has no timeout; kill it when it is no longer "
                    + "needed, or run it in the foreground with run(...).");
        }
        ProcessInfo info = transport.call("POST", base, request(command, options, true), ProcessInfo.class);
        feedStdin(info.pid(), options);
        return new CommandHandle(this, info, options.callbacks());
    }

    /** The space's processes started through the agent, running or recently exited (and its main command). */
    public List<ProcessInfo> list() {
        return transport.list(base, ProcessInfo.class);
    }

    /**
     * @param pid a process id in the space
     * @return the process
     * @throws WarrenException.NotFound when no such process is known
     */
    public ProcessInfo get(int pid) {
        return transport.call("GET", process(pid), null, ProcessInfo.class);
    }

    /**
     * Follows a process until it exits, collecting its output: the server replays recent output, then sends the
     * rest live. Returns at once for a process that has already exited. Stopping early only detaches.
     *
     * @param pid a process id in the space
     * @return how it ended, with the output received
     */
    public CommandResult attach(int pid) {
        return attach(pid, OutputCallbacks.none());
    }

    /**
     * Follows a process until it exits, handing its output to {@code callbacks} as it arrives.
     *
     * @param pid       a process id in the space
     * @param callbacks what to do with each chunk and event
     * @return how it ended, with the output received
     * @throws WarrenException.NotFound when no such process is known
     * @throws WarrenException.StreamBroken when the stream ends without the exit
     */
    public CommandResult attach(int pid, OutputCallbacks callbacks) {
        Objects.requireNonNull(callbacks, "callbacks");
        InputStream body = transport.stream("GET", process(pid) + "/output", null);
        return new ProcessStream(transport.json(), "process " + pid + " in " + space).read(body, callbacks, p -> {});
    }

    /**
     * Kills a process (SIGKILL to its process group).
     *
     * @param pid a process id in the space
     * @throws WarrenException.Conflict when the process has already exited
     */
    public void kill(int pid) {
        transport.call("DELETE", process(pid), null, Void.class);
    }

    /**
     * Sends a signal to a process.
     *
     * @param pid    a process id in the space
     * @param signal a name ({@code TERM}, {@code INT}, {@code HUP}, {@code KILL}, {@code QUIT}, {@code USR1},
     *               {@code USR2}, {@code STOP}, {@code CONT}) or a number
     * @throws WarrenException.Conflict when the process has already exited
     */
    public void signal(int pid, String signal) {
        if (signal == null || signal.isBlank()) {
            throw new IllegalArgumentException("A signal name or number is required.");
        }
        transport.call("POST", process(pid) + "/signal", new SignalRequest(signal), Void.class);
    }

    /**
     * Writes text to a process's standard input (started with {@link RunOptions#withStdinOpen()}), in requests of at
     * most 262,144 characters each (the server takes up to 1 MiB per request).
     *
     * @param pid  a process id in the space
     * @param data the text, as UTF-8
     */
    public void sendStdin(int pid, String data) {
        writeStdin(pid, Objects.requireNonNull(data, "data"), false);
    }

    /**
     * Closes a process's standard input (the process reads end of file).
     *
     * @param pid a process id in the space
     */
    public void closeStdin(int pid) {
        transport.call("POST", process(pid) + "/stdin", new StdinRequest("", true), Void.class);
    }

    /**
     * Resizes the terminal of a process started with {@link RunOptions#withTty(int, int)}.
     *
     * @param pid  a process id in the space
     * @param cols columns
     * @param rows rows
     */
    public void resize(int pid, int cols, int rows) {
        transport.call("POST", process(pid) + "/resize", new ResizeRequest(cols, rows), Void.class);
    }

    private String process(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("A process id is a positive number, not " + pid + ".");
        }
        return base + "/" + pid;
    }

    private static StartProcessRequest request(String command, RunOptions options, boolean background) {
        if (options == null) {
            throw new IllegalArgumentException("Choose how to run the command: RunOptions.shell() for a shell line, "
                    + "or RunOptions.argv(...) for a program and its exact arguments.");
        }
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException(options.isShell() ? "The shell line is empty." : "The program is empty.");
        }
        boolean stdin = options.stdin() != null || options.stdinOpen();
        return new StartProcessRequest(command, options.isShell() ? null : options.args(), options.isShell(),
                options.env().isEmpty() ? null : options.env(), blankToNull(options.workdir()),
                blankToNull(options.user()), seconds(options.timeout()), background, stdin, options.tty());
    }

    /** Writes the options' stdin text once the process has started; closes stdin unless it is to stay open. */
    private void feedStdin(int pid, RunOptions options) {
        if (options.stdin() == null) {
            return;
        }
        try {
            writeStdin(pid, options.stdin(), !options.stdinOpen());
        } catch (WarrenException.Conflict exited) {
            // the process exited before reading its input, as with a closed pipe: its result says how it ended
        }
    }

    /** Sends {@code data} in chunks that never split a surrogate pair; {@code close} goes with the last one. */
    private void writeStdin(int pid, String data, boolean close) {
        int start = 0;
        do {
            int end = Math.min(data.length(), start + STDIN_CHUNK);
            if (end < data.length() && Character.isHighSurrogate(data.charAt(end - 1))) {
                end--;
            }
            boolean last = end == data.length();
            transport.call("POST", process(pid) + "/stdin", new StdinRequest(data.substring(start, end), last && close),
                    Void.class);
            start = end;
        } while (start < data.length());
    }

    private static Integer seconds(Duration timeout) {
        return timeout == null ? null : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeout.toMillis() + 999) / 1000));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
