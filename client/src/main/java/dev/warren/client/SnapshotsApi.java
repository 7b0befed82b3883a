package dev.warren.client;

import dev.warren.client.wire.Snapshots.CreateSnapshotRequest;
import dev.warren.client.wire.Snapshots.ForkRequest;
import dev.warren.client.wire.Snapshots.ForkResult;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.client.wire.Snapshots.SnapshotList;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Snapshots ({@code /api/snapshots}) and fork. A snapshot is a named copy of a sandbox's files: its file system and
 * copies of its volumes, taken while it runs or is paused (it is frozen for the copy, then thawed). <b>Memory is not
 * carried</b>: checkpointing processes (CRIU) fails on the kernels warren runs on, so a sandbox made from a snapshot
 * ({@link SandboxOptions#withSnapshot(String)}) or a fork starts its processes afresh from the image's command; every
 * file is there. Every method blocks until the server answers and throws a {@link WarrenException} subclass on
 * failure. Thread-safe.
 */
public final class SnapshotsApi {
    private final Transport transport;

    SnapshotsApi(Transport transport) {
        this.transport = transport;
    }

    /**
     * Takes a snapshot of a running or paused sandbox without stopping it.
     *
     * @throws WarrenException.ValidationFailed when the name is missing or not lowercase letters, digits and dashes
     * @throws WarrenException.Conflict         when you have a snapshot of that name
     * @throws WarrenException.WrongState       when the sandbox is stopped
     */
    public SnapshotInfo create(String sandboxId, String name) {
        return transport.call("POST", sandbox(sandboxId) + "/snapshots", new CreateSnapshotRequest(name),
                SnapshotInfo.class);
    }

    /** Your snapshots, oldest first. */
    public List<SnapshotInfo> list() {
        return transport.call("GET", "/api/snapshots", null, SnapshotList.class).snapshots();
    }

    /** One of your snapshots by id or name. */
    public SnapshotInfo get(String idOrName) {
        return transport.call("GET", path(idOrName), null, SnapshotInfo.class);
    }

    /**
     * Deletes the snapshot. Its name is free at once; its copies go now, or with the last sandbox made from it (those
     * start from its image).
     */
    public void delete(String idOrName) {
        transport.call("DELETE", path(idOrName), null, Void.class);
    }

    /**
     * Forks a running or paused sandbox into {@code n} new running ones, each with its files and volumes as they are
     * now (then they diverge) and its settings; memory is not carried. All or nothing.
     *
     * @param timeout  the forks' life, or null for the parent's
     * @param metadata the forks' metadata, or null for the parent's
     */
    public ForkResult fork(String sandboxId, int n, Duration timeout, Map<String, String> metadata) {
        Long seconds = timeout == null ? null : Math.ceilDiv(timeout.toMillis(), 1000);
        return transport.call("POST", sandbox(sandboxId) + "/fork", new ForkRequest(n, seconds, metadata),
                ForkResult.class);
    }

    private static String sandbox(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A sandbox id is needed.");
        }
        return "/api/sandboxes/" + Transport.segment(id);
    }

    private static String path(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new IllegalArgumentException("A snapshot id or name is needed.");
        }
        return "/api/snapshots/" + Transport.segment(idOrName);
    }
}
