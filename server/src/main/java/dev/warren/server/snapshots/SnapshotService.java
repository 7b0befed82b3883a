package dev.warren.server.snapshots;

import dev.warren.client.wire.Snapshots.CreateSnapshotRequest;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.Snapshot;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.rules.Validator;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.auth.Caller;
import dev.warren.server.auth.Secrets;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceLocks;
import dev.warren.store.SandboxStore;
import dev.warren.store.SnapshotStore;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots as callers use them: take one of a running or paused sandbox (owner or admin), list, get and delete
 * one's own, and resolve the one a sandbox create names. A snapshot is written CREATING before its copies are made
 * and READY after, so a crash never leaves a usable half snapshot. A snapshot sandboxes were made from is only hidden
 * when deleted (their file system is its image); {@link SnapshotJanitor} removes it once the last of them is gone.
 * Blocking; thread-safe.
 */
public final class SnapshotService implements SnapshotSeeds {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

    private final SnapshotStore snapshots;
    private final SandboxStore sandboxes;
    private final SpaceStore spaces;
    private final SpaceAccess access;
    private final SpaceLocks locks;
    private final SpaceRuntime runtime;
    private final SnapshotViews views;
    private final Secrets secrets;
    private final Clock clock;
    /** Snapshots this server is making or a fork is using right now: the janitor leaves them alone. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    public SnapshotService(SnapshotStore snapshots, SandboxStore sandboxes, SpaceStore spaces, SpaceAccess access,
            SpaceLocks locks, SpaceRuntime runtime, SnapshotViews views, Secrets secrets, Clock clock) {
        this.snapshots = snapshots;
        this.sandboxes = sandboxes;
        this.spaces = spaces;
        this.access = access;
        this.locks = locks;
        this.runtime = runtime;
        this.views = views;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Takes a snapshot of the sandbox without stopping it. Owner or admin; the snapshot is the sandbox owner's. */
    public SnapshotInfo take(Caller caller, String sandboxId, CreateSnapshotRequest request) {
        String name = request == null ? null : request.name();
        new Validator().required("name", name).name("name", name).throwIfInvalid();
        Space space = sandboxOf(caller, sandboxId, "snapshot");
        if (snapshots.findVisible(space.userId(), name).isPresent()) {
            throw new ConflictException("You already have a snapshot named '" + name + "'.");
        }
        Snapshot taken = capture(space, name, false);
        release(taken.id());
        return views.info(taken);
    }

    /** The caller's visible snapshots, oldest first. */
    public List<SnapshotInfo> list(Caller caller) {
        return snapshots.listVisible(caller.userId()).stream().map(views::info).toList();
    }

    public SnapshotInfo get(Caller caller, String idOrName) {
        return views.info(visible(caller, idOrName));
    }

    /**
     * Deletes the snapshot: its image and volume copies go at once when no sandbox was made from it; otherwise it
     * is hidden (gone from lists, its name free) and its copies go with the last such sandbox. Owner or admin.
     */
    public void delete(Caller caller, String idOrName) {
        Snapshot snapshot = visible(caller, idOrName);
        if (snapshot.state() == Snapshot.State.CREATING) {
            throw new WrongStateException("The snapshot '" + snapshot.name() + "' is still being taken; delete it"
                    + " once it is ready.");
        }
        if (snapshots.sandboxesMadeFrom(snapshot.id()) > 0) {
            snapshots.hide(snapshot.id());
            return;
        }
        snapshots.delete(snapshot.id()); // the row first: a crash then leaves copies the janitor removes
        removeCopies(snapshot.id());
    }

    @Override
    public Seed resolve(Caller caller, String idOrName) {
        Snapshot snapshot = snapshots.find(idOrName)
                .filter(found -> !found.hidden() || busy.contains(found.id())) // a fork's own, while it forks
                .filter(found -> caller.isAdmin() || found.ownerId().equals(caller.userId()))
                .or(() -> snapshots.findVisible(caller.userId(), idOrName))
                .orElseThrow(() -> missing(idOrName));
        if (snapshot.state() != Snapshot.State.READY) {
            throw new WrongStateException("The snapshot '" + snapshot.name() + "' is still being taken.");
        }
        return new Seed(snapshot.id(), snapshot.templateId());
    }

    @Override
    public void madeFrom(String sandboxId, String snapshotId) {
        snapshots.madeFrom(sandboxId, snapshotId);
    }

    /**
     * Copies the sandbox's files under its lock (no lifecycle change interleaves; the reconciler skips it): the
     * row CREATING, then the runtime's copies, then READY. The snapshot stays {@link #busy} until {@link #release}.
     */
    Snapshot capture(Space given, String name, boolean hidden) {
        return locks.with(given.id(), () -> {
            Space space = spaces.findById(given.id()).orElseThrow(() -> NotFoundException.space(given.name()));
            requireRunning(space);
            String id = secrets.id();
            Snapshot snapshot = new Snapshot(id, name, space.userId(), space.id(), space.templateId(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), Snapshot.State.CREATING, hidden);
            busy.add(id);
            try {
                snapshots.insert(snapshot);
                runtime.snapshot(space.id(), id);
                if (!snapshots.markReady(id)) {
                    throw new ConflictException("The snapshot '" + name + "' was removed while it was taken.");
                }
                return snapshot.withState(Snapshot.State.READY);
            } catch (RuntimeException failed) {
                snapshots.delete(id);
                removeCopies(id);
                busy.remove(id);
                throw failed;
            }
        });
    }

    /** The snapshot is no longer being made or forked from: the janitor may remove it when unused. */
    void release(String snapshotId) {
        busy.remove(snapshotId);
    }

    boolean busy(String snapshotId) {
        return busy.contains(snapshotId);
    }

    /** Removes the runtime's copies; a failure is left to the janitor's pass for leftovers. */
    void removeCopies(String snapshotId) {
        try {
            runtime.removeSnapshot(snapshotId);
        } catch (RuntimeException failed) {
            LOG.warn("Could not remove the copies of snapshot {} yet; the janitor tries again: {}", snapshotId,
                    failed.getMessage());
        }
    }

    /** A sandbox the caller may snapshot or fork (owner or admin), running or paused. */
    Space sandboxOf(Caller caller, String sandboxId, String action) {
        Space space = access.managed(caller, sandboxId, action);
        if (sandboxes.find(space.id()).isEmpty()) {
            throw new NotFoundException("'" + space.name() + "' is a space, not a sandbox.");
        }
        requireRunning(space);
        return space;
    }

    private static void requireRunning(Space space) {
        if (space.state() != SpaceState.RUNNING && space.state() != SpaceState.PAUSED) {
            throw new WrongStateException("The sandbox '" + space.name() + "' is "
                    + space.state().name().toLowerCase(java.util.Locale.ROOT) + ": only a running or paused sandbox"
                    + " has files outside its volumes to copy (a stopped one lost them with its container). Connect"
                    + " to it first.");
        }
    }

    private Snapshot visible(Caller caller, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw missing("");
        }
        Optional<Snapshot> byId = snapshots.find(idOrName).filter(found -> !found.hidden())
                .filter(found -> caller.isAdmin() || found.ownerId().equals(caller.userId()));
        return byId.or(() -> snapshots.findVisible(caller.userId(), idOrName)).orElseThrow(() -> missing(idOrName));
    }

    private static NotFoundException missing(String idOrName) {
        return new NotFoundException("No snapshot '" + idOrName + "' exists.");
    }
}
