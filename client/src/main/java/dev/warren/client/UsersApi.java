package dev.warren.client;

import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.client.wire.Auth.UpdateUserRequest;
import dev.warren.client.wire.Auth.UserInfo;

import java.util.List;

/**
 * User management for admins (others get {@link WarrenException.NotFound}). Obtained from {@link Warren#users()}.
 * Blocking, immutable, thread-safe.
 */
public final class UsersApi {
    private final Transport transport;

    UsersApi(Transport transport) {
        this.transport = transport;
    }

    /** Every user. */
    public List<UserInfo> list() {
        return transport.list("/api/users", UserInfo.class);
    }

    /**
     * @param user id, username or email
     * @return the user
     */
    public UserInfo get(String user) {
        return transport.call("GET", "/api/users/" + Transport.segment(user), null, UserInfo.class);
    }

    /**
     * @param request username, email, password, roles (default user), active, shell, time zone
     * @return the new user
     * @throws WarrenException.Conflict when the username or email is taken
     */
    public UserInfo create(CreateUserRequest request) {
        return transport.call("POST", "/api/users", request, UserInfo.class);
    }

    /**
     * Changes a user; null fields are left as they are.
     *
     * @param user    id, username or email
     * @param request the changes
     * @return the user after the change
     */
    public UserInfo update(String user, UpdateUserRequest request) {
        return transport.call("PATCH", "/api/users/" + Transport.segment(user), request, UserInfo.class);
    }
}
