package dev.warren.server.spaces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to try again to start a space the engine lost: at once the first time, then after 5 s, doubling up to 5 min,
 * so a space that cannot start does not keep the engine busy and is never given up. Thread-safe.
 */
final class RestoreBackoff {
    private static final Duration FIRST = Duration.ofSeconds(5);
    private static final Duration LONGEST = Duration.ofMinutes(5);

    private record Attempts(int failures, Instant next) {}

    private final Clock clock;
    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();

    RestoreBackoff(Clock clock) {
        this.clock = clock;
    }

    boolean due(String spaceId) {
        Attempts known = attempts.get(spaceId);
        return known == null || !clock.instant().isBefore(known.next());
    }

    /** Records a failed try; returns how long until the next one. */
    Duration failed(String spaceId) {
        Attempts before = attempts.get(spaceId);
        int failures = before == null ? 1 : before.failures() + 1;
        Duration wait = FIRST.multipliedBy(1L << Math.min(failures - 1, 10));
        if (wait.compareTo(LONGEST) > 0) {
            wait = LONGEST;
        }
        attempts.put(spaceId, new Attempts(failures, clock.instant().plus(wait)));
        return wait;
    }

    void succeeded(String spaceId) {
        attempts.remove(spaceId);
    }
}
