package dev.warren.store;

import dev.warren.core.model.VolumeMount;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Objects;

/**
 * The volumes each space mounts, fixed at the space's create and kept in the order given. Rows go with their space
 * (foreign key, cascade); a volume cannot be deleted while a row names it. Thread-safe, blocking.
 */
public final class VolumeMountStore {
    private static final RowMapper<VolumeMount> MAPPER = (row, context) -> new VolumeMount(
            row.getString("volume_id"), row.getString("mount_path"), row.getString("subpath"),
            Columns.flag(row, "read_only"));

    private final Jdbi jdbi;

    public VolumeMountStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Stores the space's mounts in one transaction (all or none).
     *
     * @throws dev.warren.core.ConflictException when the space or a volume no longer exists, or a mount path repeats
     */
    public void insertAll(String spaceId, List<VolumeMount> mounts) {
        if (mounts.isEmpty()) {
            return;
        }
        try {
            jdbi.useTransaction(handle -> {
                int order = 0;
                for (VolumeMount mount : mounts) {
                    handle.createUpdate("""
                            INSERT INTO space_volume_mounts (space_id, volume_id, mount_path, subpath, read_only,
                                                             sort_order)
                            VALUES (:space_id, :volume_id, :mount_path, :subpath, :read_only, :sort_order)
                            """)
                            .bind("space_id", spaceId).bind("volume_id", mount.volumeId())
                            .bind("mount_path", mount.mountPath()).bind("subpath", mount.subpath())
                            .bind("read_only", Columns.flag(mount.readOnly())).bind("sort_order", order++)
                            .execute();
                }
            });
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The space or one of its volumes no longer exists.",
                    Conflicts.clash("mount_path", "Two volumes are mounted at the same path."),
                    Conflicts.clash("pkey", "Two volumes are mounted at the same path."));
        }
    }

    /** The space's mounts in the order they were given. */
    public List<VolumeMount> listForSpace(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM space_volume_mounts WHERE space_id = :space ORDER BY sort_order")
                .bind("space", spaceId).map(MAPPER).list());
    }

    /** Ids of the spaces mounting the volume, sorted. */
    public List<String> spacesMounting(String volumeId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT DISTINCT space_id FROM space_volume_mounts WHERE volume_id = :volume ORDER BY space_id")
                .bind("volume", volumeId).mapTo(String.class).list());
    }
}
