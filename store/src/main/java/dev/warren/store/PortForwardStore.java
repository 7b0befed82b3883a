package dev.warren.store;

import dev.warren.core.model.PortForward;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Persistent port forwards, one per (source space, local port); the {@code persistent} flag is not stored and
 * reads back as true. Thread-safe, blocking.
 */
public final class PortForwardStore {
    private static final String SELECT = "SELECT " + PortForwardMapper.COLUMNS + " FROM port_forwards";

    private final Jdbi jdbi;

    public PortForwardStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Stores the forward, replacing any forward of the same source space and local port.
     *
     * @throws dev.warren.core.ConflictException if the source or target space no longer exists
     */
    public void upsert(PortForward forward) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO port_forwards (" + PortForwardMapper.COLUMNS
                            + ") VALUES (:source, :localPort, :target, :remotePort, :forced)"
                            + " ON CONFLICT (source_space_id, local_port) DO UPDATE SET"
                            + " target_space_id = excluded.target_space_id, remote_port = excluded.remote_port,"
                            + " forced = excluded.forced")
                    .bind("source", forward.sourceSpaceId())
                    .bind("localPort", forward.localPort())
                    .bind("target", forward.targetSpaceId())
                    .bind("remotePort", forward.remotePort())
                    .bind("forced", Columns.flag(forward.force()))
                    .execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The source or target space of the port forward no longer exists.");
        }
    }

    /** Deletes the forward of this local port; false if there was none. */
    public boolean delete(String sourceSpaceId, int localPort) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM port_forwards WHERE source_space_id = :source AND local_port = :localPort")
                .bind("source", sourceSpaceId).bind("localPort", localPort).execute()) > 0;
    }

    /** The space's forwards, ordered by local port. */
    public List<PortForward> listForSource(String sourceSpaceId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT
                        + " WHERE source_space_id = :source ORDER BY local_port")
                .bind("source", sourceSpaceId).map(PortForwardMapper.INSTANCE).list());
    }

    /** Every stored forward, ordered by source space id then local port. */
    public List<PortForward> listAll() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " ORDER BY source_space_id, local_port")
                .map(PortForwardMapper.INSTANCE).list());
    }

    /** Deletes every forward from or to the space; idempotent. */
    public void deleteForSpace(String spaceId) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "DELETE FROM port_forwards WHERE source_space_id = :id OR target_space_id = :id")
                .bind("id", spaceId).execute());
    }
}
