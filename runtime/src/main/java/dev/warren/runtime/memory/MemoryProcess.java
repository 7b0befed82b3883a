package dev.warren.runtime.memory;

import dev.warren.core.ConflictException;
import dev.warren.runtime.agent.ProcessEvent;
import dev.warren.runtime.agent.ProcessInfo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One process of the in-memory runtime: its events are kept (for attach) and handed to every listener; stdin is
 * a queue; a signal ends it the way a default handler would. Thread-safe.
 */
final class MemoryProcess {
    private static final byte[] END_OF_INPUT = new byte[0];

    private final int pid;
    private final List<String> argv;
    private final boolean background;
    private final boolean tty;
    private final boolean main;
    private final boolean stdinOpen;
    private final Instant startedAt;
    private final List<ProcessEvent> history = new ArrayList<>();
    private final List<BlockingQueue<ProcessEvent>> listeners = new ArrayList<>();
    private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private Integer exitCode;
    private int killedBy;
    private boolean stdinClosed;

    MemoryProcess(int pid, List<String> argv, boolean background, boolean tty, boolean main, boolean stdinOpen,
            Instant startedAt) {
        this.pid = pid;
        this.argv = List.copyOf(argv);
        this.background = background;
        this.tty = tty;
        this.main = main;
        this.stdinOpen = stdinOpen || tty;
        this.startedAt = startedAt;
    }

    int pid() {
        return pid;
    }

    synchronized ProcessInfo info() {
        return new ProcessInfo(pid, argv, exitCode == null, exitCode, background, tty, main, startedAt);
    }

    synchronized boolean running() {
        return exitCode == null;
    }

    /** A new listener: everything so far, then what comes. */
    synchronized BlockingQueue<ProcessEvent> listen() {
        BlockingQueue<ProcessEvent> queue = new LinkedBlockingQueue<>(history);
        listeners.add(queue);
        return queue;
    }

    synchronized void forget(BlockingQueue<ProcessEvent> listener) {
        listeners.remove(listener);
    }

    void out(String text) {
        emit(new ProcessEvent.Output(ProcessEvent.Stream.STDOUT, text.getBytes(StandardCharsets.UTF_8)));
    }

    void err(String text) {
        emit(new ProcessEvent.Output(tty ? ProcessEvent.Stream.STDOUT : ProcessEvent.Stream.STDERR,
                text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Ends the process with {@code code} unless a signal ended it first. */
    synchronized void exit(int code) {
        if (exitCode != null) {
            return;
        }
        exitCode = code;
        emitLocked(new ProcessEvent.Exit(code, 0));
        notifyAll();
    }

    /** A default handler's effect: STOP, CONT and WINCH are ignored, anything else ends the process. */
    synchronized void signal(int signal) {
        if (exitCode != null) {
            throw new ConflictException("Process " + pid + " has already exited with code " + exitCode + ".");
        }
        if (signal == 18 || signal == 19 || signal == 28) {
            return;
        }
        killedBy = signal;
        exitCode = 128 + signal;
        emitLocked(new ProcessEvent.Exit(0, signal));
        notifyAll();
    }

    void writeStdin(byte[] data) {
        synchronized (this) {
            if (!stdinOpen || stdinClosed) {
                throw new ConflictException("Process " + pid + " has no open stdin.");
            }
            if (exitCode != null) {
                throw new ConflictException("Process " + pid + " has already exited with code " + exitCode + ".");
            }
        }
        stdin.add(data.clone());
    }

    synchronized void closeStdin() {
        if (!stdinOpen || stdinClosed) {
            throw new ConflictException("Process " + pid + " has no open stdin.");
        }
        stdinClosed = true;
        stdin.add(END_OF_INPUT);
    }

    void resize() {
        if (!tty) {
            throw new ConflictException("Process " + pid + " has no terminal to resize.");
        }
    }

    /** The next chunk of stdin, or null at its end (or when the process was ended meanwhile). */
    byte[] readStdin() throws InterruptedException {
        while (running()) {
            byte[] chunk = stdin.poll(20, TimeUnit.MILLISECONDS);
            if (chunk != null) {
                return chunk == END_OF_INPUT ? null : chunk;
            }
        }
        return null;
    }

    /** Waits up to {@code millis} for a signal; true when one ended the process. */
    synchronized boolean sleep(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        long left;
        while (exitCode == null && (left = deadline - System.currentTimeMillis()) > 0) {
            wait(left);
        }
        return killedBy != 0;
    }

    private synchronized void emit(ProcessEvent event) {
        if (exitCode == null) {
            emitLocked(event);
        }
    }

    private void emitLocked(ProcessEvent event) {
        if (event instanceof ProcessEvent.Output) {
            trimHistory();
        }
        history.add(event);
        listeners.forEach(listener -> listener.add(event));
    }

    /** Keeps about the last 64 KiB of output for attach, like the agent's ring buffer. */
    private void trimHistory() {
        long size = history.stream().filter(e -> e instanceof ProcessEvent.Output)
                .mapToLong(e -> ((ProcessEvent.Output) e).data().length).sum();
        while (size > 64 * 1024 && !history.isEmpty()) {
            ProcessEvent first = history.removeFirst();
            if (first instanceof ProcessEvent.Output output) {
                size -= output.data().length;
            }
        }
    }
}
