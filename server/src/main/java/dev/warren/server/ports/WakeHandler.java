package dev.warren.server.ports;

import dev.warren.core.model.Space;

import java.util.Optional;

/**
 * What the port proxy does when a request's space is paused: the hook for wake-on-traffic (the pause issue). Called
 * on the connection's own thread, after the request was authorised; it may block while the space resumes. Today
 * the server uses {@link #REFUSE}: the request is answered 503 with a sentence.
 */
@FunctionalInterface
public interface WakeHandler {
    /**
     * Wakes the space, or says why not.
     *
     * @return empty once the space runs again (the proxy then dials it), or a sentence to answer 503 with
     */
    Optional<String> wake(Space space);

    /**
     * An authorised connection to the space opens: it is in use (idle timeouts) until {@link #released}; it must not
     * be paused under a request in flight.
     */
    default void used(Space space) {
    }

    /** The connection {@link #used} announced has ended. */
    default void released(Space space) {
    }

    /** Never wakes: the request is answered 503 saying the space is paused. */
    WakeHandler REFUSE = space -> Optional.of("Space " + space.name() + " is paused; resume it to reach its ports.");
}
