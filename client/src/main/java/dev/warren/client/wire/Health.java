package dev.warren.client.wire;

import java.util.List;

/**
 * {@code GET /health} (readiness): {@code status} "ok" (HTTP 200) when the store and the runtime answer, "unavailable"
 * (HTTP 503) otherwise with {@code down} naming each dependency that does not answer and why. {@code GET /health/live}
 * (liveness) answers "ok" while the process serves. {@code engine} says what serves spaces, {@code store} which
 * database.
 */
public record Health(String status, String version, String engine, String store, List<String> down) {
    public Health {
        down = down == null ? List.of() : List.copyOf(down);
    }

    public boolean ok() {
        return "ok".equals(status);
    }
}
