package dev.warren.server.spaces;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running spaces whose data plane does not answer, with a sentence saying so, and spaces that stopped by themselves,
 * with why (e.g. "The space was stopped: it ran out of memory (limit 64 MiB)."), until they start again. Kept in
 * memory: the reconciler finds problems again after a restart within one pass. Thread-safe.
 */
public final class SpaceHealth {
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Map<String, String> stopReasons = new ConcurrentHashMap<>();

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

    /** Why the space stopped without being asked to, when it did. */
    public Optional<String> stopReason(String spaceId) {
        return Optional.ofNullable(stopReasons.get(spaceId));
    }

    void stopped(String spaceId, String sentence) {
        stopReasons.put(spaceId, sentence);
    }

    void forget(String spaceId) {
        problems.remove(spaceId);
        stopReasons.remove(spaceId);
    }
}
