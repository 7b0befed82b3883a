package dev.warren.server.spaces;

import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;

import java.time.Instant;
import java.util.Set;

/**
 * Something happened to a space: a typed lifecycle event, delivered to subscribers (the browser stream, the port
 * forwarder, later webhooks) in order and outside the space's lock.
 *
 * @param id       increasing number of the event within this server's run
 * @param space    the space after the change (for a delete, as it was last)
 * @param before   its state before, or {@code null} when the space was just created
 * @param after    its state after, or {@code null} when it was deleted
 * @param actor    who caused it: a username, or {@code system} (reconciler, start-up)
 * @param time     when it happened
 * @param detail   how a change in progress goes (e.g. an image pull), or empty
 * @param audience ids of the users who may see the space (owner and shares) at the time of the change; admins
 *                 see every event
 */
public record SpaceChanged(long id, Space space, SpaceState before, SpaceState after, String actor, Instant time,
        String detail, Set<String> audience) {

    public static final String SYSTEM = "system";

    public SpaceChanged {
        audience = Set.copyOf(audience);
        detail = detail == null ? "" : detail;
    }

    public boolean deleted() {
        return after == null;
    }

    public boolean created() {
        return before == null;
    }
}
