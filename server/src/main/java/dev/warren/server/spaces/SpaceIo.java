package dev.warren.server.spaces;

import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.Processes.StartProcessRequest;
import dev.warren.core.model.Space;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.server.auth.Caller;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

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

    /** @param sessions where process streams are tracked, so a caller who loses access loses them at once */
    public SpaceIo(SpaceAccess access, SpaceProcesses processes, SpaceFiles files, SpaceSessions sessions) {
        this.sessions = sessions;
        this.access = access;
        this.processes = processes;
        this.files = files;
    }

    public ProcessInfo startBackground(Caller caller, String space, StartProcessRequest request) {
        return processes.startBackground(access.visible(caller, space), request);
    }

    public SpaceProcesses.Foreground startForeground(Caller caller, String space, StartProcessRequest request) {
        Space visible = access.visible(caller, space);
        SpaceProcesses.Foreground started = processes.startForeground(visible, request);
        return new SpaceProcesses.Foreground(sessions.track(visible, caller, started.process()), started.timeout());
    }

    public List<ProcessInfo> processes(Caller caller, String space) {
        return processes.list(access.visible(caller, space));
    }

    public ProcessInfo process(Caller caller, String space, int pid) {
        return processes.get(access.visible(caller, space), pid);
    }

    public AgentProcess attach(Caller caller, String space, int pid) {
        Space visible = access.visible(caller, space);
        return sessions.track(visible, caller, processes.attach(visible, pid));
    }

    public void writeStdin(Caller caller, String space, int pid, String data, boolean close) {
        processes.writeStdin(access.visible(caller, space), pid, data, close);
    }

    public void signal(Caller caller, String space, int pid, String signal) {
        processes.signal(access.visible(caller, space), pid, signal);
    }

    public void kill(Caller caller, String space, int pid) {
        processes.signal(access.visible(caller, space), pid, String.valueOf(SIGKILL));
    }

    public void resize(Caller caller, String space, int pid, int cols, int rows) {
        processes.resize(access.visible(caller, space), pid, cols, rows);
    }

    public void readFile(Caller caller, String space, String path, OutputStream out) {
        files.read(access.visible(caller, space), path, out);
    }

    public void writeFile(Caller caller, String space, String path, InputStream content, int mode) {
        files.write(access.visible(caller, space), path, content, mode);
    }
}
