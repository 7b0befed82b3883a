package dev.warren.store;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * Whether each space is wanted running (its user started it and has not stopped it since), kept apart from the state
 * the runtime reports so that a space lost by the engine can be brought back. Deleting a space deletes its row.
 * Thread-safe, blocking.
 */
public final class SpaceDesiredStateStore {
    private final Jdbi jdbi;

    public SpaceDesiredStateStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Records what the user wants for the space. Idempotent. */
    public void want(String spaceId, boolean running) {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE space_desired_state SET running = :running WHERE space_id = :id")
                    .bind("id", spaceId).bind("running", running).execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO space_desired_state (space_id, running) VALUES (:id, :running)")
                        .bind("id", spaceId).bind("running", running).execute();
            }
        });
    }

    /** Ids of the spaces wanted running. */
    public Set<String> wantedRunning() {
        return jdbi.withHandle(handle -> new TreeSet<>(handle.createQuery(
                "SELECT space_id FROM space_desired_state WHERE running = :running").bind("running", true)
                .mapTo(String.class).list()));
    }
}
