package dev.warren.core.model;

import java.time.Instant;
import java.util.Set;

/**
 * A person or agent account. {@code servicePassword} is the per-user secret templates may inject into spaces
 * (seed "Managing a Space"); only its owner may read it.
 */
public record User(
        String id,
        String username,
        String email,
        String passwordHash,
        Set<Role> roles,
        boolean active,
        Shell preferredShell,
        String timezone,
        String servicePassword,
        Instant createdAt) {

    public User {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
