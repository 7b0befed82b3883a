package dev.warren.server.spaces;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each space was last used: a data-plane call (processes, files, uploads), a request through one of its port
 * URLs, or an open terminal, stream or watch (in use for as long as it is open). Kept in memory only: after a restart
 * a space counts as used at the server's start, so nothing is paused for idleness the server could not see.
 * Thread-safe.
 */
public final class SpaceActivity {
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    /** Connections in use now per space (proxied requests), like open sessions. */
    private final Map<String, Integer> busy = new ConcurrentHashMap<>();
    private final SpaceSessions sessions;
    private final Clock clock;
    private final Instant since;

    public SpaceActivity(SpaceSessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** The space is being used now. */
    public void touch(String spaceId) {
        lastUsed.put(spaceId, clock.instant());
    }

    /** A connection to the space opens: it is in use until {@link #end}. */
    public void begin(String spaceId) {
        busy.merge(spaceId, 1, Integer::sum);
        touch(spaceId);
    }

    public void end(String spaceId) {
        busy.computeIfPresent(spaceId, (id, count) -> count <= 1 ? null : count - 1);
        touch(spaceId);
    }

    /**
     * When the space was last used: now while a session or connection is open; else the last touch, the server's
     * start at least.
     */
    public Instant lastUsed(String spaceId) {
        if (busy.containsKey(spaceId) || sessions.hasOpen(spaceId)) {
            return clock.instant();
        }
        Instant last = lastUsed.getOrDefault(spaceId, since);
        return last.isBefore(since) ? since : last;
    }

    public void forget(String spaceId) {
        lastUsed.remove(spaceId);
    }
}
