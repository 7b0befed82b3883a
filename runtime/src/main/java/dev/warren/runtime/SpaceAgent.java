package dev.warren.runtime;

import dev.warren.runtime.agent.AgentHealth;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.runtime.agent.ProcessInfo;
import dev.warren.runtime.agent.ProcessRequest;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data plane of one running space: processes (with or without a terminal), their output as it is written,
 * and files. Every method blocks until the space has answered and is safe to call from many threads at once.
 * Failures are the core's exceptions: {@link dev.warren.core.NotFoundException} for an unknown pid or path,
 * {@link dev.warren.core.ConflictException} for a process in the wrong state (signal to one that exited),
 * {@link dev.warren.core.ValidationException} for a request the space refuses (a directory read as a file, a
 * command that does not exist), {@link dev.warren.core.EngineFailureException} when the space does not answer.
 */
public interface SpaceAgent {

    /** Whether the data plane answers, and how it is. */
    AgentHealth health();

    /**
     * {@link #health()}, but giving up after {@code limit}: an agent that is stopped or stuck must not hang the
     * caller (the reconciler asks every running space). The waiting call is interrupted, which closes its connection.
     */
    default AgentHealth health(java.time.Duration limit) {
        return Bounded.call(this::health, limit, "The space's agent");
    }

    /** Starts a process; returns as soon as it runs. The caller reads its output and must close it. */
    AgentProcess start(ProcessRequest request);

    /** Attaches to a running (or recently exited) process: its recent output first, then live output. */
    AgentProcess attach(int pid);

    /** Processes started through the data plane (and the space's main command), running or recently exited. */
    List<ProcessInfo> processes();

    /** Sends {@code signal} to the process's group. */
    void signal(int pid, int signal);

    void writeStdin(int pid, byte[] data);

    void closeStdin(int pid);

    /** Resizes the terminal of a process started with one. */
    void resize(int pid, int cols, int rows);

    FileInfo stat(String path);

    /** Entries under a directory, {@code depth} levels down (1: its children only). */
    List<FileInfo> list(String path, int depth);

    /** Creates the directory and its missing parents. Idempotent. */
    void makeDirectories(String path);

    /** Removes a file or a directory with its content. */
    void remove(String path);

    void rename(String from, String to);

    /**
     * Creates a symbolic link at {@code linkPath} to {@code target} (stored as given), with missing parent
     * directories; a conflict when something is already there.
     */
    void symlink(String target, String linkPath);

    /** Streams the file to {@code out}, never holding it whole; does not close {@code out}. */
    void read(String path, OutputStream out);

    /** Streams {@code content} into the file (created with its parents, replaced whole when it exists). */
    void write(String path, InputStream content, int mode);

    /** Reports changes under {@code path} until the returned watch is closed. */
    FileWatch watch(String path, boolean recursive, Consumer<FileEvent> listener);
}
