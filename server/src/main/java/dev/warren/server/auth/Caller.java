package dev.warren.server.auth;

import dev.warren.core.model.User;

/**
 * The authenticated caller of one request. {@code spaceId} is set for a space token (confined to that space);
 * {@code csrfToken} is set for a browser session (unsafe requests must echo it).
 */
public record Caller(User user, String spaceId, String csrfToken) {
    public boolean isAdmin() {
        return spaceId == null && user.isAdmin();
    }

    public boolean isSpaceToken() {
        return spaceId != null;
    }

    public String userId() {
        return user.id();
    }
}
