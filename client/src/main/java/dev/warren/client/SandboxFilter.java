package dev.warren.client;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which sandboxes {@link SandboxesApi#list(SandboxFilter)} returns: every metadata entry must match exactly, the
 * state must be one of {@code states} (all when empty); pages of {@code pageSize} (1..1000). {@code all}: every
 * user's sandboxes (admins only). Immutable.
 */
public record SandboxFilter(Map<String, String> metadata, Set<String> states, int pageSize, boolean all) {
    public SandboxFilter {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        states = states == null ? Set.of() : Set.copyOf(states);
    }

    public static SandboxFilter any() {
        return new SandboxFilter(Map.of(), Set.of(), 100, false);
    }

    public SandboxFilter withMetadata(String key, String value) {
        Map<String, String> more = new TreeMap<>(metadata);
        more.put(key, value);
        return new SandboxFilter(more, states, pageSize, all);
    }

    /** running, stopped, starting, stopping or deleting. */
    public SandboxFilter withState(String state) {
        Set<String> more = new TreeSet<>(states);
        more.add(state);
        return new SandboxFilter(metadata, more, pageSize, all);
    }

    public SandboxFilter withPageSize(int value) {
        return new SandboxFilter(metadata, states, value, all);
    }

    public SandboxFilter everybodys() {
        return new SandboxFilter(metadata, states, pageSize, true);
    }

    /** The query string for one page (after {@code cursor} when not null). */
    String query(String cursor) {
        StringBuilder query = new StringBuilder("?limit=").append(pageSize);
        new TreeMap<>(metadata).forEach((key, value) ->
                query.append("&metadata=").append(Transport.query(key + "=" + value)));
        if (!states.isEmpty()) {
            query.append("&state=").append(Transport.query(String.join(",", new TreeSet<>(states))));
        }
        if (all) {
            query.append("&all=true");
        }
        if (cursor != null) {
            query.append("&cursor=").append(Transport.query(cursor));
        }
        return query.toString();
    }
}
