package dev.warren.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashing. Thread-safe. The cost is configurable so tests can run fast (never below 4). A password
 * longer than bcrypt's 72 bytes is first reduced with SHA-512 (shorter ones hash exactly as plain bcrypt), so no
 * length the API accepts fails.
 */
public final class PasswordHasher {
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
    private static final LongPasswordStrategy LONG = LongPasswordStrategies.hashSha512(VERSION);

    private final int cost;
    /** A hash of a random password at this cost: checked for unknown users, so they cost what known users do. */
    private final String dummy;

    public PasswordHasher(int cost) {
        this.cost = Math.max(4, Math.min(cost, 16));
        this.dummy = hash(new Secrets().token("", 18));
    }

    /**
     * Checks {@code password} against {@code hash}, or, when there is no hash (unknown user, user without a
     * password), against a hash no password matches, taking the same time; false then.
     */
    public boolean matchesOrDummy(String password, String hash) {
        boolean known = hash != null;
        boolean matched = matches(password == null ? "" : password, known ? hash : dummy);
        return known && matched;
    }

    public String hash(String password) {
        return BCrypt.with(VERSION, LONG).hashToString(cost, password.toCharArray());
    }

    /** Constant-time comparison; false for a null or malformed hash. */
    public boolean matches(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        try {
            return BCrypt.verifyer(VERSION, LONG).verify(password.getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
