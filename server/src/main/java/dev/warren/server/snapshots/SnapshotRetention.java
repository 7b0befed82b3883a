package dev.warren.server.snapshots;

import dev.warren.client.wire.Snapshots.CreateSnapshotRequest;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Space;
import dev.warren.core.model.User;
import dev.warren.server.auth.Caller;
import dev.warren.server.sandboxes.PausedRetention;
import dev.warren.server.spaces.SpaceLifecycleManager;
import dev.warren.store.SandboxStore;
import dev.warren.store.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A sandbox paused longer than the retention is snapshotted (files and volumes, in the owner's snapshot list as
 * {@code <name>-paused-<time>}), then stopped: it holds no memory any more, and its next start ({@code connect})
 * begins from that snapshot. Its processes' memory is not kept (CRIU does not work here). It then ends at the
 * longest timeout from now unless used again.
 */
public final class SnapshotRetention implements PausedRetention {
    static final String ACTOR = "system (paused retention)";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final SnapshotService snapshots;
    private final SpaceLifecycleManager lifecycle;
    private final SandboxStore sandboxes;
    private final UserStore users;
    private final Duration keepStopped;
    private final Clock clock;

    /** @param keepStopped how long the stopped sandbox is kept before its time is up again */
    public SnapshotRetention(SnapshotService snapshots, SpaceLifecycleManager lifecycle, SandboxStore sandboxes,
            UserStore users, Duration keepStopped, Clock clock) {
        this.snapshots = snapshots;
        this.lifecycle = lifecycle;
        this.sandboxes = sandboxes;
        this.users = users;
        this.keepStopped = keepStopped;
        this.clock = clock;
    }

    @Override
    public void retain(Space space, Sandbox sandbox) {
        User owner = users.findById(space.userId()).orElseThrow(() ->
                new NotFoundException("The owner of sandbox '" + space.name() + "' no longer exists."));
        String base = space.name().length() > 30 ? space.name().substring(0, 30) : space.name();
        SnapshotInfo kept = snapshots.take(new Caller(owner, null, null), space.id(),
                new CreateSnapshotRequest(base + "-paused-" + STAMP.format(clock.instant())));
        lifecycle.stop(space, ACTOR);
        snapshots.madeFrom(space.id(), kept.id());
        sandboxes.setEndsAt(space.id(), clock.instant().plus(keepStopped));
    }
}
