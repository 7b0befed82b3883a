package dev.warren.store;

import static dev.warren.store.Conflicts.clash;

import dev.warren.core.model.WebSession;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Browser sessions, keyed by the hash of the cookie value. Thread-safe, blocking. */
public final class SessionStore {
    private final Jdbi jdbi;

    public SessionStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Stores a new session. @throws dev.warren.core.ConflictException if the hash is taken or the user is gone */
    public void insert(WebSession session) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO web_sessions (" + SessionMapper.COLUMNS
                            + ") VALUES (:idHash, :userId, :csrfToken, :expiresAt, :createdAt)")
                    .bind("idHash", session.idHash())
                    .bind("userId", session.userId())
                    .bind("csrfToken", session.csrfToken())
                    .bind("expiresAt", Columns.millis(session.expiresAt()))
                    .bind("createdAt", Columns.millis(session.createdAt()))
                    .execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The session's user no longer exists.",
                    clash("id_hash", "A session with the same id already exists."));
        }
    }

    /** The session with this hash, expired or not, if any. */
    public Optional<WebSession> findByHash(String idHash) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + SessionMapper.COLUMNS
                        + " FROM web_sessions WHERE id_hash = :idHash")
                .bind("idHash", idHash).map(SessionMapper.INSTANCE).findOne());
    }

    /** Ends the session; idempotent. */
    public void delete(String idHash) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM web_sessions WHERE id_hash = :idHash")
                .bind("idHash", idHash).execute());
    }

    /** Deletes sessions expiring at or before {@code now}; returns how many. */
    public int deleteExpired(Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM web_sessions WHERE expires_at <= :now")
                .bind("now", Columns.millis(now)).execute());
    }

    /** Ends every session of the user but the one with hash {@code keepIdHash} (a password change); idempotent. */
    public void deleteForUserExcept(String userId, String keepIdHash) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM web_sessions WHERE user_id = :userId"
                        + " AND id_hash <> :keep")
                .bind("userId", userId).bind("keep", keepIdHash).execute());
    }

    /** Ends every session of the user (logout everywhere, password change); idempotent. */
    public void deleteForUser(String userId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM web_sessions WHERE user_id = :userId")
                .bind("userId", userId).execute());
    }
}
