package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The ports their owners made public: the port URL proxy serves them without credentials. Rows go with their space
 * (foreign key with cascade). Thread-safe, blocking.
 */
public final class PublicPortStore {
    private final Jdbi jdbi;

    public PublicPortStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Makes the port public or private. Idempotent.
     *
     * @throws dev.warren.core.ConflictException if the space no longer exists
     */
    public void set(String spaceId, int port, boolean isPublic, Instant when) {
        try {
            jdbi.useTransaction(handle -> {
                handle.createUpdate("DELETE FROM public_ports WHERE space_id = :spaceId AND port = :port")
                        .bind("spaceId", spaceId).bind("port", port).execute();
                if (isPublic) {
                    handle.createUpdate("INSERT INTO public_ports (space_id, port, created_at)"
                                    + " VALUES (:spaceId, :port, :createdAt)")
                            .bind("spaceId", spaceId).bind("port", port).bind("createdAt", Columns.millis(when))
                            .execute();
                }
            });
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The space no longer exists.");
        }
    }

    /** Whether the port of the space is public. */
    public boolean isPublic(String spaceId, int port) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM public_ports WHERE space_id = :spaceId AND port = :port")
                .bind("spaceId", spaceId).bind("port", port).mapTo(Integer.class).one()) > 0;
    }

    /** The space's public ports, ascending. */
    public List<Integer> listForSpace(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT port FROM public_ports WHERE space_id = :spaceId ORDER BY port")
                .bind("spaceId", spaceId).mapTo(Integer.class).list());
    }
}
