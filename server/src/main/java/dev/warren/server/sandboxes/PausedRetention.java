package dev.warren.server.sandboxes;

import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Space;

/**
 * What happens to a sandbox paused by its timeout once the paused retention has passed: it may not hold memory for
 * ever, and must not be lost either (server.snapshots keeps its files and stops it).
 */
@FunctionalInterface
public interface PausedRetention {
    /** Ends the pause of {@code space}; throws when it cannot now (the next pass tries again). */
    void retain(Space space, Sandbox sandbox);
}
