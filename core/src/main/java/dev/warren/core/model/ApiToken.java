package dev.warren.core.model;

import java.time.Instant;

/**
 * A bearer token, stored as a hash. A token with a {@code spaceId} is a space token: it identifies a space
 * from inside and may only act on that space (and forward ports to its owner's other spaces).
 */
public record ApiToken(
        String id,
        String userId,
        String name,
        String tokenHash,
        String spaceId,
        Instant expiresAt,
        Instant createdAt,
        Instant lastUsedAt) {

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean isSpaceToken() {
        return spaceId != null;
    }
}
