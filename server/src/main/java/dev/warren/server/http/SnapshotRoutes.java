package dev.warren.server.http;

import dev.warren.client.wire.Snapshots.CreateSnapshotRequest;
import dev.warren.client.wire.Snapshots.ForkRequest;
import dev.warren.client.wire.Snapshots.ForkResult;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.client.wire.Snapshots.SnapshotList;
import dev.warren.server.snapshots.ForkService;
import dev.warren.server.snapshots.SnapshotService;

import static dev.warren.server.http.Authenticator.caller;

/**
 * Snapshots and fork: take a snapshot of a sandbox, list, get and delete snapshots, fork a sandbox into n. A sandbox
 * is made from a snapshot through {@code POST /api/sandboxes} with {@code snapshot}. Memory is never carried: CRIU
 * checkpoints fail on the kernels warren runs on, so processes start afresh; files and volumes are kept.
 */
public final class SnapshotRoutes implements ApiServices.RouteContributor {
    private static final String SANDBOX = "/api/sandboxes/{sandbox}";
    private static final String SNAPSHOTS = "/api/snapshots";
    private static final String SNAPSHOT = SNAPSHOTS + "/{snapshot}";

    private final SnapshotService snapshots;
    private final ForkService forks;

    public SnapshotRoutes(SnapshotService snapshots, ForkService forks) {
        this.snapshots = snapshots;
        this.forks = forks;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("snapshots")
                .post(SANDBOX + "/snapshots", "Take a snapshot of a running or paused sandbox without stopping it"
                        + " (frozen while its files and volumes are copied, then thawed; a paused one stays paused)."
                        + " Memory is not carried: a sandbox made from it starts its processes afresh. 423 when the"
                        + " sandbox is stopped.", CreateSnapshotRequest.class, SnapshotInfo.class, false,
                        ctx -> ctx.status(201).json(snapshots.take(caller(ctx), ctx.pathParam("sandbox"),
                                RouteTable.bodyOrNull(ctx, CreateSnapshotRequest.class))))
                .post(SANDBOX + "/fork", "Fork a running or paused sandbox into n new ones (1 to WARREN_FORK_MAX,"
                        + " 10): each has its files and volumes as they are now, then they diverge. Memory is not"
                        + " carried. All or nothing: a failure removes the forks already made. 423 when stopped.",
                        ForkRequest.class, ForkResult.class, false, ctx -> ctx.status(201).json(forks.fork(
                                caller(ctx), ctx.pathParam("sandbox"), RouteTable.bodyOrNull(ctx, ForkRequest.class))))
                .get(SNAPSHOTS, "Your snapshots, oldest first.", SnapshotList.class, false,
                        ctx -> ctx.json(new SnapshotList(snapshots.list(caller(ctx)))))
                .get(SNAPSHOT, "One of your snapshots by id or name.", SnapshotInfo.class, false,
                        ctx -> ctx.json(snapshots.get(caller(ctx), ctx.pathParam("snapshot"))))
                .delete(SNAPSHOT, "Delete a snapshot: its image and volume copies are removed now, or, while sandboxes"
                        + " made from it exist (they start from its image), when the last of them is gone; its name"
                        + " is free at once.", null, false, ctx -> {
                            snapshots.delete(caller(ctx), ctx.pathParam("snapshot"));
                            ctx.status(204);
                        });
    }
}
