package dev.warren.store;

import dev.warren.core.model.Volume;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users' named volumes. A name is unique per owner (a clash is a {@link dev.warren.core.ConflictException} with a
 * sentence, so two racing creates cannot both win). Deleting a volume a space still mounts fails on the foreign key;
 * the service refuses earlier with the spaces' names. Thread-safe, blocking.
 */
public final class VolumeStore {
    private static final RowMapper<Volume> MAPPER = (row, context) -> new Volume(row.getString("id"),
            row.getString("name"), row.getString("owner_id"), Columns.instant(row, "created_at"));

    private final Jdbi jdbi;

    public VolumeStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** @throws dev.warren.core.ConflictException when the owner has a volume of that name, or no longer exists */
    public void insert(Volume volume) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("""
                    INSERT INTO volumes (id, name, owner_id, created_at) VALUES (:id, :name, :owner_id, :created_at)
                    """)
                    .bind("id", volume.id()).bind("name", volume.name()).bind("owner_id", volume.ownerId())
                    .bind("created_at", Columns.millis(volume.createdAt())).execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The volume's owner no longer exists.",
                    Conflicts.clash("name", "A volume named '" + volume.name() + "' already exists."));
        }
    }

    public Optional<Volume> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volumes WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    public Optional<Volume> findByOwnerAndName(String ownerId, String name) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM volumes WHERE owner_id = :owner AND name = :name")
                .bind("owner", ownerId).bind("name", name).map(MAPPER).findOne());
    }

    /** The owner's volumes by name. */
    public List<Volume> listByOwner(String ownerId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM volumes WHERE owner_id = :owner ORDER BY name")
                .bind("owner", ownerId).map(MAPPER).list());
    }

    /** Every volume, by owner then name (admins, the reconciler). */
    public List<Volume> listAll() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM volumes ORDER BY owner_id, name")
                .map(MAPPER).list());
    }

    /**
     * Deletes the volume's row; false when it was already gone.
     *
     * @throws dev.warren.core.ConflictException when a space still mounts it
     */
    public boolean delete(String id) {
        try {
            return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM volumes WHERE id = :id")
                    .bind("id", id).execute()) > 0;
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The volume is mounted by a space.");
        }
    }
}
