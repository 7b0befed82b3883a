package dev.warren.server.spaces;

import java.util.HashMap;
import java.util.Map;

/**
 * What every process started in a space gets on top of its container's environment: for a space claimed from a warm
 * pool, its identity (name, token, …), which its container was started without. Empty for every other space.
 */
@FunctionalInterface
public interface ProcessEnvironment {
    ProcessEnvironment NONE = spaceId -> Map.of();

    Map<String, String> of(String spaceId);

    /** The space's extra environment with the request's own variables on top (a request may override them). */
    default Map<String, String> with(String spaceId, Map<String, String> requested) {
        Map<String, String> extra = of(spaceId);
        if (extra.isEmpty()) {
            return requested;
        }
        Map<String, String> merged = new HashMap<>(extra);
        merged.putAll(requested);
        return merged;
    }
}
