package dev.warren.server.spaces;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running spaces whose data plane does not answer, with a sentence saying so. Kept in memory: the reconciler finds
 * it again after a restart within one pass. Thread-safe.
 */
public final class SpaceHealth {
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    public boolean healthy(String spaceId) {
        return !problems.containsKey(spaceId);
    }

    /** The sentence saying what is wrong, when something is. */
    public Optional<String> problem(String spaceId) {
        return Optional.ofNullable(problems.get(spaceId));
    }

    void unhealthy(String spaceId, String sentence) {
        problems.put(spaceId, sentence);
    }

    void forget(String spaceId) {
        problems.remove(spaceId);
    }
}
