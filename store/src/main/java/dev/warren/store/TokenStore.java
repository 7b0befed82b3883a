package dev.warren.store;

import static dev.warren.store.Conflicts.clash;

import dev.warren.core.model.ApiToken;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** API tokens, user tokens and space tokens alike, looked up by hash. Thread-safe, blocking. */
public final class TokenStore {
    private static final String SELECT = "SELECT " + TokenMapper.COLUMNS + " FROM api_tokens";

    private final Jdbi jdbi;

    public TokenStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Stores a new token.
     *
     * @throws dev.warren.core.ConflictException if the hash is taken, or the user or space no longer exists
     */
    public void insert(ApiToken token) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO api_tokens (" + TokenMapper.COLUMNS
                            + ") VALUES (:id, :userId, :name, :tokenHash, :spaceId, :expiresAt, :createdAt,"
                            + " :lastUsedAt)")
                    .bind("id", token.id())
                    .bind("userId", token.userId())
                    .bind("name", token.name())
                    .bind("tokenHash", token.tokenHash())
                    .bind("spaceId", token.spaceId())
                    .bind("expiresAt", Columns.millis(token.expiresAt()))
                    .bind("createdAt", Columns.millis(token.createdAt()))
                    .bind("lastUsedAt", Columns.millis(token.lastUsedAt()))
                    .execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The token's user or space no longer exists.",
                    clash("hash", "A token with the same hash already exists."));
        }
    }

    /** The token with this hash, expired or not, if any. */
    public Optional<ApiToken> findByHash(String tokenHash) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE token_hash = :hash")
                .bind("hash", tokenHash).map(TokenMapper.INSTANCE).findOne());
    }

    /** The user's own tokens (not space tokens), newest first. */
    public List<ApiToken> listForUser(String userId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT
                        + " WHERE user_id = :userId AND space_id IS NULL ORDER BY created_at DESC, id DESC")
                .bind("userId", userId).map(TokenMapper.INSTANCE).list());
    }

    /** Deletes the token if it belongs to the user; false if there was no such token of theirs. */
    public boolean delete(String tokenId, String userId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM api_tokens WHERE id = :id AND user_id = :userId")
                .bind("id", tokenId).bind("userId", userId).execute()) > 0;
    }

    /** Deletes every token scoped to the space; idempotent. */
    public void deleteForSpace(String spaceId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM api_tokens WHERE space_id = :spaceId")
                .bind("spaceId", spaceId).execute());
    }

    /** Records when the token was last used; does nothing if it is gone. */
    public void touch(String tokenId, Instant when) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE api_tokens SET last_used_at = :when WHERE id = :id")
                .bind("when", Columns.millis(when)).bind("id", tokenId).execute());
    }
}
