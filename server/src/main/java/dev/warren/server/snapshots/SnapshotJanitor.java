package dev.warren.server.snapshots;

import dev.warren.core.model.Snapshot;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.spaces.SpaceChanged;
import dev.warren.store.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Makes the snapshot rows and the runtime's copies agree, at start-up and periodically: a CREATING row nobody is
 * making (a crash cut it short) is removed; a hidden snapshot no sandbox was made from any more is removed; copies of
 * snapshots without a row (their delete or their making was cut short) are removed. Rows go before copies, so a crash
 * between the two leaves copies this pass removes, never a row whose copies are gone. Never throws.
 */
public final class SnapshotJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotJanitor.class);

    private final SnapshotStore store;
    private final SnapshotService snapshots;
    private final SpaceRuntime runtime;
    private final AtomicBoolean queued = new AtomicBoolean();

    public SnapshotJanitor(SnapshotStore store, SnapshotService snapshots, SpaceRuntime runtime) {
        this.store = store;
        this.snapshots = snapshots;
        this.runtime = runtime;
    }

    /** One full pass. */
    public synchronized void sweep() {
        try {
            for (Snapshot snapshot : store.listAll()) {
                if (snapshot.state() == Snapshot.State.CREATING && !snapshots.busy(snapshot.id())) {
                    LOG.info("Removing snapshot {} ({}) whose copies were never finished.", snapshot.name(),
                            snapshot.id());
                    store.delete(snapshot.id());
                }
            }
            removeUnused();
            Set<String> known = new HashSet<>();
            store.listAll().forEach(snapshot -> known.add(snapshot.id()));
            runtime.removeSnapshotLeftovers(id -> known.contains(id) || snapshots.busy(id)
                    || store.find(id).isPresent());
        } catch (RuntimeException error) {
            LOG.warn("Could not clean up snapshots; the next pass retries: {}", error.getMessage());
        }
    }

    /** Removes hidden snapshots no sandbox needs any more. */
    public synchronized void removeUnused() {
        try {
            for (Snapshot snapshot : store.hiddenUnused()) {
                if (!snapshots.busy(snapshot.id()) && store.delete(snapshot.id())) {
                    snapshots.removeCopies(snapshot.id());
                }
            }
        } catch (RuntimeException error) {
            LOG.warn("Could not remove unused snapshots; the next pass retries: {}", error.getMessage());
        }
    }

    /** {@link #removeUnused} on a virtual thread, at most one queued at a time (a burst of deletes runs it once). */
    public void removeUnusedSoon() {
        if (queued.compareAndSet(false, true)) {
            Thread.ofVirtual().name("warren-snapshot-janitor").start(() -> {
                queued.set(false);
                removeUnused();
            });
        }
    }

    /** A space event subscriber: a deleted sandbox may have been the last one made from a hidden snapshot. */
    public Consumer<SpaceChanged> onSpaceChanged() {
        return event -> {
            if (event.deleted()) {
                removeUnusedSoon();
            }
        };
    }
}
