package dev.warren.client.wire;

import java.util.List;
import java.util.Map;

/**
 * Snapshots and fork. A snapshot is a named copy of a sandbox's files, owned by a user: its file system (an engine
 * commit) and copies of its volumes, taken while it runs or is paused (it is frozen for the copy, then thawed).
 * <b>Memory is not carried</b>: checkpointing processes (CRIU) fails on the kernels warren runs on, so a sandbox made
 * from a snapshot, or a fork, starts its processes afresh from the image's command; every file is there.
 */
public final class Snapshots {
    private Snapshots() {}

    /** Take a snapshot: {@code name} (required; lowercase letters, digits and dashes, unique among yours). */
    public record CreateSnapshotRequest(String name) {}

    /**
     * A snapshot. {@code state}: creating or ready. {@code source_sandbox_id}: the sandbox it was taken from (which
     * may be gone since); {@code sandboxes}: how many sandboxes made from it exist (it cannot vanish under them).
     */
    public record SnapshotInfo(String id, String name, String userId, String username, String sourceSandboxId,
            String templateId, String templateName, String state, String createdAt, int sandboxes) {}

    /** The caller's snapshots, oldest first. */
    public record SnapshotList(List<SnapshotInfo> snapshots) {}

    /**
     * Fork a running or paused sandbox into {@code n} new ones (1 to the server's maximum, 10 by default). Each gets
     * the parent's files, volumes, template, environment variables and settings; {@code timeout} (seconds) and
     * {@code metadata} replace the parent's when given. Memory is not carried.
     */
    public record ForkRequest(Integer n, Long timeout, Map<String, String> metadata) {}

    /** The new sandboxes, running. */
    public record ForkResult(List<Sandboxes.SandboxInfo> sandboxes) {}
}
