package dev.warren.server.snapshots;

import dev.warren.server.auth.Caller;

/**
 * What the sandbox code needs of snapshots to make a sandbox from one (it knows no snapshot store): the snapshot a
 * create names, and a record that the sandbox was made from it (written before the sandbox starts, whose start
 * reads it). Blocking; thread-safe.
 */
public interface SnapshotSeeds {

    /** The snapshot a create names and the template its sandbox gets. */
    record Seed(String snapshotId, String templateId) {}

    /**
     * The caller's complete snapshot with this id or name. Refused with a sentence: 404 when missing or not the
     * caller's, 423 while it is still being taken.
     */
    Seed resolve(Caller caller, String idOrName);

    void madeFrom(String sandboxId, String snapshotId);

    /** For a server without snapshots: every create naming one is refused. */
    SnapshotSeeds NONE = new SnapshotSeeds() {
        @Override
        public Seed resolve(Caller caller, String idOrName) {
            throw dev.warren.core.ValidationException.of("snapshot", "This server keeps no snapshots.");
        }

        @Override
        public void madeFrom(String sandboxId, String snapshotId) {
        }
    };
}
