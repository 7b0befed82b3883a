package dev.warren.server.spaces;

import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.client.wire.Files.SearchResult;
import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.Processes.StartProcessRequest;
import dev.warren.core.model.Space;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.server.auth.Caller;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data plane of spaces as callers use it: processes and files, each call checked through {@link SpaceAccess}
 * (owners, users the space is shared with, admins, and the space's own token may use it; anyone else gets 404).
 */
public final class SpaceIo {
    private static final int SIGKILL = 9;

    private final SpaceAccess access;
    private final SpaceProcesses processes;
    private final SpaceFiles files;
    private final SpaceSessions sessions;
    private final SpaceActivity activity;

    /** @param sessions where process streams are tracked, so a caller who loses access loses them at once */
    public SpaceIo(SpaceAccess access, SpaceProcesses processes, SpaceFiles files, SpaceSessions sessions,
            SpaceActivity activity) {
        this.activity = activity;
        this.sessions = sessions;
        this.access = access;
        this.processes = processes;
        this.files = files;
    }

    public ProcessInfo startBackground(Caller caller, String space, StartProcessRequest request) {
        return processes.startBackground(used(caller, space), request);
    }

    public SpaceProcesses.Foreground startForeground(Caller caller, String space, StartProcessRequest request) {
        Space visible = used(caller, space);
        SpaceProcesses.Foreground started = processes.startForeground(visible, request);
        return new SpaceProcesses.Foreground(sessions.track(visible, caller, started.process()), started.timeout());
    }

    public List<ProcessInfo> processes(Caller caller, String space) {
        return processes.list(used(caller, space));
    }

    public ProcessInfo process(Caller caller, String space, int pid) {
        return processes.get(used(caller, space), pid);
    }

    public AgentProcess attach(Caller caller, String space, int pid) {
        Space visible = used(caller, space);
        return sessions.track(visible, caller, processes.attach(visible, pid));
    }

    public void writeStdin(Caller caller, String space, int pid, String data, boolean close) {
        processes.writeStdin(used(caller, space), pid, data, close);
    }

    public void signal(Caller caller, String space, int pid, String signal) {
        processes.signal(used(caller, space), pid, signal);
    }

    public void kill(Caller caller, String space, int pid) {
        processes.signal(used(caller, space), pid, String.valueOf(SIGKILL));
    }

    public void resize(Caller caller, String space, int pid, int cols, int rows) {
        processes.resize(used(caller, space), pid, cols, rows);
    }

    public void readFile(Caller caller, String space, String path, OutputStream out) {
        files.read(used(caller, space), path, out);
    }

    public void writeFile(Caller caller, String space, String path, InputStream content, int mode) {
        files.write(used(caller, space), path, content, mode);
    }

    // ---- file operations (SpaceFiles; paths absolute, normalised) ----

    public FileInfo stat(Caller caller, String space, String path) {
        return files.stat(used(caller, space), path);
    }

    public List<FileInfo> list(Caller caller, String space, String path, int depth) {
        return files.list(used(caller, space), path, depth);
    }

    /** @return false when the directory already existed */
    public boolean makeDirectory(Caller caller, String space, String path) {
        return files.makeDirectory(used(caller, space), path);
    }

    public void remove(Caller caller, String space, String path) {
        files.remove(used(caller, space), path);
    }

    /** @return the entry at {@code to} */
    public FileInfo rename(Caller caller, String space, String from, String to) {
        return files.rename(used(caller, space), from, to);
    }

    public SearchResult search(Caller caller, String space, String path, String glob) {
        return files.search(used(caller, space), path, glob);
    }

    /**
     * Watches {@code path}; tracked like process streams, so a caller who loses access to the space loses the watch
     * at once. The caller closes it.
     */
    public FileWatch watch(Caller caller, String space, String path, boolean recursive,
            Consumer<FileEvent> listener) {
        Space visible = used(caller, space);
        return sessions.track(visible, caller, files.watch(visible, path, recursive, listener));
    }

    /**
     * Writes {@code path} (a directory, a file or a link) of the space as a tar stream into {@code out} (not closed).
     * A missing path fails before anything is written.
     */
    public void writeArchive(Caller caller, String space, String path, OutputStream out) {
        Space visible = used(caller, space);
        files.writeArchive(visible, files.archiveRoot(visible, path), out);
    }

    /**
     * Extracts a tar stream into {@code destination} (created when missing) under {@code policy}, refusing unsafe
     * members with a {@link dev.warren.core.ValidationException} naming {@code archive} (nothing is left behind).
     */
    public ArchiveResult extractArchive(Caller caller, String space, String destination, ConflictPolicy policy,
            InputStream tar) {
        return files.extractArchive(used(caller, space), destination, policy, tar);
    }

    /** The space if the caller may use it; a use counts as activity (idle timeouts). */
    private Space used(Caller caller, String space) {
        Space visible = access.visible(caller, space);
        activity.touch(visible.id());
        return visible;
    }
}
