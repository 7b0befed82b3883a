package dev.warren.client.wire;

import java.time.Instant;
import java.util.List;

/** Login, users, profile and tokens. */
public final class Auth {
    private Auth() {}

    public record LoginRequest(String username, String password) {}

    public record LoginResponse(UserInfo user, String csrfToken) {}

    public record UserInfo(String id, String username, String email, List<String> roles, boolean active,
            String preferredShell, String timezone, Instant createdAt) {}

    /** Admin: create a user. {@code roles} defaults to ["user"], shell to "bash", timezone to "UTC". */
    public record CreateUserRequest(String username, String email, String password, List<String> roles,
            Boolean active, String preferredShell, String timezone) {}

    /** Admin: change a user; null fields are left as they are. */
    public record UpdateUserRequest(String email, String password, List<String> roles, Boolean active,
            String preferredShell, String timezone) {}

    /** A user changes their own profile; changing the password needs the current one. */
    public record UpdateProfileRequest(String email, String preferredShell, String timezone, String currentPassword,
            String newPassword) {}

    public record ServicePassword(String servicePassword) {}

    /** {@code service_password} null or empty: generate a new random one. */
    public record SetServicePasswordRequest(String servicePassword) {}

    /** {@code expires_in_days} null: the token never expires. */
    public record CreateTokenRequest(String name, Integer expiresInDays) {}

    public record TokenInfo(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}

    /** The only time the secret is shown. */
    public record CreatedToken(String id, String name, String token, Instant expiresAt) {}
}
