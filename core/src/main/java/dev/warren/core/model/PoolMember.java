package dev.warren.core.model;

import java.time.Instant;

/**
 * A space started ahead of a claim for one owner and one template (at {@code templateHash}): a create that can be
 * served from it takes its id and gets a running space at once.
 */
public record PoolMember(String spaceId, String templateId, String templateHash, String ownerId, State state,
        Instant createdAt) {

    public enum State {
        /** Its container is being started. */
        STARTING,
        /** Started and waiting for a claim. */
        READY
    }
}
