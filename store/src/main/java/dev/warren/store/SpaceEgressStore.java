package dev.warren.store;

import dev.warren.core.model.EgressPolicy;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The egress policies owners set on their spaces to narrow the template's, one per space; a space's row goes with
 * it. Thread-safe, blocking.
 */
public final class SpaceEgressStore {
    private static final String COLUMNS = "space_id, mode, cidrs, domains";

    private final Jdbi jdbi;

    public SpaceEgressStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** The space's own policy, if its owner set one. */
    public Optional<EgressPolicy> find(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM space_egress WHERE space_id = :space")
                .bind("space", spaceId).map((row, context) -> policy(row.getString("mode"), row.getString("cidrs"),
                        row.getString("domains"))).findOne());
    }

    /** Every space's own policy, by space id. */
    public Map<String, EgressPolicy> findAll() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM space_egress")
                .map((row, context) -> Map.entry(row.getString("space_id"), policy(row.getString("mode"),
                        row.getString("cidrs"), row.getString("domains"))))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /**
     * Sets the space's own policy, replacing an earlier one.
     *
     * @throws dev.warren.core.ConflictException if the space no longer exists
     */
    public void put(String spaceId, EgressPolicy policy, Instant now) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO space_egress (" + COLUMNS + ", updated_at)"
                            + " VALUES (:space, :mode, :cidrs, :domains, :now) ON CONFLICT (space_id) DO UPDATE SET"
                            + " mode = excluded.mode, cidrs = excluded.cidrs, domains = excluded.domains,"
                            + " updated_at = excluded.updated_at")
                    .bind("space", spaceId)
                    .bind("mode", policy.mode().name())
                    .bind("cidrs", Json.write(policy.cidrs()))
                    .bind("domains", Json.write(policy.domains()))
                    .bind("now", Columns.millis(now))
                    .execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The space no longer exists.");
        }
    }

    /** Removes the space's own policy (the template's applies again); false if it had none. */
    public boolean delete(String spaceId) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM space_egress WHERE space_id = :space")
                .bind("space", spaceId).execute()) > 0;
    }

    private static EgressPolicy policy(String mode, String cidrs, String domains) {
        return new EgressPolicy(EgressPolicy.Mode.valueOf(mode), Json.strings(cidrs), Json.strings(domains));
    }
}
