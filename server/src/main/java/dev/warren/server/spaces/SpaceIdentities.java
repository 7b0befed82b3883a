package dev.warren.server.spaces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.core.model.SpaceState;
import dev.warren.store.PoolStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities of spaces claimed from a warm pool: their containers were started before the spaces existed, so
 * what depends on the space (its name, its token, template values of the space) reaches their processes from here,
 * on top of the container's environment. An identity lasts as long as the container it was claimed with: it is
 * dropped when the space stops, is paused no more than that, or is deleted. Kept sealed in the store (a restart keeps
 * it), cached in memory. Thread-safe.
 */
public final class SpaceIdentities implements ProcessEnvironment {
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private final PoolStore store;
    private final ObjectMapper json = new ObjectMapper();
    /** Space id → its identity (empty: none); absent: not read yet. */
    private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();

    public SpaceIdentities(PoolStore store) {
        this.store = store;
    }

    @Override
    public Map<String, String> of(String spaceId) {
        return cache.computeIfAbsent(spaceId, id -> store.identity(id).map(this::parse).orElse(Map.of()));
    }

    /** Gives the space claimed with container {@code containerId} this environment for its processes. */
    public void put(String spaceId, String containerId, Map<String, String> environment) {
        try {
            store.putIdentity(spaceId, new PoolStore.Identity(containerId, json.writeValueAsString(environment)));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        cache.put(spaceId, Map.copyOf(environment));
    }

    /** Follows space events: an identity ends with the container it was claimed with. */
    public void spaceChanged(SpaceChanged change) {
        String id = change.space().id();
        if (change.deleted() || change.after() != SpaceState.RUNNING && change.after() != SpaceState.PAUSED) {
            if (!of(id).isEmpty()) {
                store.removeIdentity(id);
            }
            cache.remove(id);
        }
    }

    private Map<String, String> parse(PoolStore.Identity identity) {
        try {
            return Map.copyOf(json.readValue(identity.environmentJson(), MAP));
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("The stored identity of a pooled space cannot be read.", corrupt);
        }
    }
}
