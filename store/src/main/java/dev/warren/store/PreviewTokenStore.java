package dev.warren.store;

import dev.warren.store.PreviewTokenStore.PreviewToken;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Preview tokens of port URLs: each opens one port of one space until it expires or is revoked. Only the token's
 * SHA-256 is stored. Rows go with their space and their creator (foreign keys with cascade). Thread-safe, blocking.
 */
public final class PreviewTokenStore {
    private static final String SELECT = "SELECT " + PreviewTokenMapper.COLUMNS + " FROM preview_tokens";

    /**
     * One preview token as stored.
     *
     * @param revokedAt when it was revoked; null while it was not
     */
    public record PreviewToken(String id, String spaceId, int port, String tokenHash, String createdBy,
            Instant createdAt, Instant expiresAt, Instant revokedAt) {

        /** Whether it opens {@code port} of {@code spaceId} at {@code now}. */
        public boolean opens(String space, int portNumber, Instant now) {
            return spaceId.equals(space) && port == portNumber && revokedAt == null && expiresAt.isAfter(now);
        }
    }

    private final Jdbi jdbi;

    public PreviewTokenStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Stores a new token.
     *
     * @throws dev.warren.core.ConflictException if the hash is taken, or the space or creator no longer exists
     */
    public void insert(PreviewToken token) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO preview_tokens (" + PreviewTokenMapper.COLUMNS
                            + ") VALUES (:id, :spaceId, :port, :tokenHash, :createdBy, :createdAt, :expiresAt,"
                            + " :revokedAt)")
                    .bind("id", token.id())
                    .bind("spaceId", token.spaceId())
                    .bind("port", token.port())
                    .bind("tokenHash", token.tokenHash())
                    .bind("createdBy", token.createdBy())
                    .bind("createdAt", Columns.millis(token.createdAt()))
                    .bind("expiresAt", Columns.millis(token.expiresAt()))
                    .bind("revokedAt", Columns.millis(token.revokedAt()))
                    .execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The preview token's space or creator no longer exists.",
                    Conflicts.clash("hash", "A preview token with the same hash already exists."));
        }
    }

    /** The token with this hash, whatever its state, if any. */
    public Optional<PreviewToken> findByHash(String tokenHash) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE token_hash = :hash")
                .bind("hash", tokenHash).map(PreviewTokenMapper.INSTANCE).findOne());
    }

    /** The token with this id if it belongs to the space. */
    public Optional<PreviewToken> find(String spaceId, String id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id AND space_id = :spaceId")
                .bind("id", id).bind("spaceId", spaceId).map(PreviewTokenMapper.INSTANCE).findOne());
    }

    /** The space's tokens, revoked and expired ones too, newest first. */
    public List<PreviewToken> listForSpace(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT
                        + " WHERE space_id = :spaceId ORDER BY created_at DESC, id DESC")
                .bind("spaceId", spaceId).map(PreviewTokenMapper.INSTANCE).list());
    }

    /** Marks the token revoked at {@code when}; false if there is no such token of the space or it was revoked already. */
    public boolean revoke(String spaceId, String id, Instant when) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE preview_tokens SET revoked_at = :when"
                        + " WHERE id = :id AND space_id = :spaceId AND revoked_at IS NULL")
                .bind("when", Columns.millis(when)).bind("id", id).bind("spaceId", spaceId).execute()) > 0;
    }

    /** Deletes tokens that expired before {@code cutoff} (they can never open anything again); returns how many. */
    public int deleteExpiredBefore(Instant cutoff) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM preview_tokens WHERE expires_at < :cutoff")
                .bind("cutoff", Columns.millis(cutoff)).execute());
    }
}
