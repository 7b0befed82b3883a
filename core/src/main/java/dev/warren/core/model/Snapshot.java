package dev.warren.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A named copy of a sandbox's files, owned by a user: its file system (an engine commit) and copies of its volumes,
 * taken while it ran or was paused. Memory is not part of it: a sandbox made from it starts its processes afresh.
 * Sandboxes made from it need it to start again (their file system is its image), so it is removed only once the
 * last of them is gone; until then a deleted snapshot is {@code hidden}.
 *
 * @param sourceSpaceId the sandbox it was taken from (which may be gone since)
 * @param templateId    the template of that sandbox, which sandboxes made from it get too
 * @param state         CREATING until every copy is made; a row left CREATING by a crash is removed at start-up
 * @param hidden        not listed or usable by name: a fork's own snapshot, or one deleted while sandboxes made
 *                      from it remain; removed once none does
 */
public record Snapshot(String id, String name, String ownerId, String sourceSpaceId, String templateId,
        Instant createdAt, State state, boolean hidden) {

    public Snapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(state, "state");
    }

    public Snapshot withState(State newState) {
        return new Snapshot(id, name, ownerId, sourceSpaceId, templateId, createdAt, newState, hidden);
    }

    /** Where a snapshot is in its life. */
    public enum State {
        /** Its copies are being made; not usable. */
        CREATING,
        /** Complete; sandboxes can be made from it. */
        READY
    }
}
