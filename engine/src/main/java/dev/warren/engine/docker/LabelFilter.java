package dev.warren.engine.docker;

import dev.warren.engine.Labels;

import java.util.List;
import java.util.Map;

/** Label filters for listings, always including the managed label so unmanaged objects never show up. */
final class LabelFilter {
    private LabelFilter() {
    }

    /** The engine's filter syntax: one {@code key=value} per label. */
    static List<String> of(Map<String, String> labels) {
        return Labels.managed(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /**
     * Checks again on our side: the filter is the engine's job, but a wrong filter here would make cleanup
     * remove things it must not, so listings are never trusted blindly.
     */
    static boolean matches(Map<String, String> actual, Map<String, String> wanted) {
        if (actual == null) {
            return false;
        }
        return Labels.managed(wanted).entrySet().stream()
                .allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
    }
}
