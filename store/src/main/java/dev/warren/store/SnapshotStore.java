package dev.warren.store;

import dev.warren.core.model.Snapshot;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Snapshots, and which sandbox was made from which (the {@code snapshot_id} column of {@code sandboxes}, written
 * here so the sandbox rows stay the sandbox code's). Thread-safe, blocking.
 */
public final class SnapshotStore {
    private static final RowMapper<Snapshot> MAPPER = (row, context) -> new Snapshot(row.getString("id"),
            row.getString("name"), row.getString("owner_id"), row.getString("source_space_id"),
            row.getString("template_id"), Columns.instant(row, "created_at"),
            Columns.enumValue(Snapshot.State.class, row, "state"), Columns.flag(row, "hidden"));

    private final Jdbi jdbi;

    public SnapshotStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Inserts the snapshot; a visible name the owner already has is a conflict. */
    public void insert(Snapshot snapshot) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                    INSERT INTO snapshots (id, name, owner_id, source_space_id, template_id, state, hidden, created_at)
                    VALUES (:id, :name, :owner_id, :source_space_id, :template_id, :state, :hidden, :created_at)
                    """)
                    .bind("id", snapshot.id())
                    .bind("name", snapshot.name())
                    .bind("owner_id", snapshot.ownerId())
                    .bind("source_space_id", snapshot.sourceSpaceId())
                    .bind("template_id", snapshot.templateId())
                    .bind("state", Columns.name(snapshot.state()))
                    .bind("hidden", Columns.flag(snapshot.hidden()))
                    .bind("created_at", Columns.millis(snapshot.createdAt()))
                    .execute());
        } catch (RuntimeException failure) {
            throw Conflicts.translate(failure, "The owner of the snapshot does not exist.",
                    Conflicts.clash("name", "You already have a snapshot named '" + snapshot.name() + "'."));
        }
    }

    /** Marks a CREATING snapshot READY; false when its row is gone (removed by a delete or a clean-up). */
    public boolean markReady(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE snapshots SET state = 'READY' WHERE id = :id AND state = 'CREATING'")
                .bind("id", id).execute()) > 0;
    }

    /** Hides the snapshot (its name is free again); false when it is gone. */
    public boolean hide(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE snapshots SET hidden = 1 WHERE id = :id")
                .bind("id", id).execute()) > 0;
    }

    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM snapshots WHERE id = :id")
                .bind("id", id).execute()) > 0;
    }

    public Optional<Snapshot> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM snapshots WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    /** The owner's visible snapshot of that name. */
    public Optional<Snapshot> findVisible(String ownerId, String name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM snapshots WHERE owner_id = :owner AND name = :name AND hidden = 0")
                .bind("owner", ownerId).bind("name", name).map(MAPPER).findOne());
    }

    /** The owner's visible snapshots, oldest first. */
    public List<Snapshot> listVisible(String ownerId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM snapshots WHERE owner_id = :owner AND hidden = 0 ORDER BY created_at, id")
                .bind("owner", ownerId).map(MAPPER).list());
    }

    /** Every snapshot, hidden and CREATING ones included, oldest first. */
    public List<Snapshot> listAll() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM snapshots ORDER BY created_at, id")
                .map(MAPPER).list());
    }

    /** Hidden snapshots no sandbox was made from any more: their copies can go. */
    public List<Snapshot> hiddenUnused() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM snapshots s WHERE s.hidden = 1 AND s.state = 'READY'
                        AND NOT EXISTS (SELECT 1 FROM sandboxes b WHERE b.snapshot_id = s.id)
                        ORDER BY s.created_at, s.id
                        """)
                .map(MAPPER).list());
    }

    /** Records that the sandbox was made from the snapshot. */
    public void madeFrom(String sandboxId, String snapshotId) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE sandboxes SET snapshot_id = :snapshot WHERE space_id = :id")
                .bind("snapshot", snapshotId).bind("id", sandboxId).execute());
    }

    /** The snapshot the sandbox (or space) was made from, if any. */
    public Optional<String> snapshotOf(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT snapshot_id FROM sandboxes WHERE space_id = :id AND snapshot_id IS NOT NULL")
                .bind("id", spaceId).mapTo(String.class).findOne());
    }

    /** How many sandboxes made from the snapshot exist. */
    public int sandboxesMadeFrom(String snapshotId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM sandboxes WHERE snapshot_id = :snapshot")
                .bind("snapshot", snapshotId).mapTo(Integer.class).one());
    }
}
