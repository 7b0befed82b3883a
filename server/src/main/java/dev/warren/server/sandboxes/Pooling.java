package dev.warren.server.sandboxes;

import dev.warren.core.model.Space;
import dev.warren.server.auth.Caller;

import java.util.Optional;

/**
 * How a sandbox create is served from a warm pool (server.pools): claim a started member of the template for the
 * caller, adopt its container for the space created with the member's id, or give it up when that cannot be.
 */
public interface Pooling {
    Pooling NONE = new Pooling() {
        @Override
        public Optional<String> claim(Caller caller, String template) {
            return Optional.empty();
        }

        @Override
        public Space adopt(Space created, String actor) {
            throw new IllegalStateException("No warm pools on this server.");
        }

        @Override
        public void discard(String memberId) {
        }
    };

    /** A ready member's id for this caller and template (name or id), if the template has a pool and one waits. */
    Optional<String> claim(Caller caller, String template);

    /** The space, just created with the member's id, takes over the member's running container. */
    Space adopt(Space created, String actor);

    /** A claimed member that will not be used: its container goes. */
    void discard(String memberId);
}
