package dev.warren.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/** bcrypt password hashing. Thread-safe. The cost is configurable so tests can run fast (never below 4). */
public final class PasswordHasher {
    private final int cost;

    public PasswordHasher(int cost) {
        this.cost = Math.max(4, Math.min(cost, 16));
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /** Constant-time comparison; false for a null or malformed hash. */
    public boolean matches(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
