package dev.warren.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A named volume of one user: data that outlives every space mounting it, mounted into spaces and sandboxes at create
 * time and reachable through its own file API without starting anything. Names follow the space-name rule and are
 * unique per owner. The runtime keeps the data under the volume's {@code id} (a rename would not move data).
 */
public record Volume(String id, String name, String ownerId, Instant createdAt) {
    public Volume {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
