package dev.warren.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The label every object warren creates carries, so that cleanup never touches anything else. */
public final class Labels {
    /** Present with value {@code true} on every container, volume and network warren creates. */
    public static final String MANAGED = "dev.warren.managed";

    private Labels() {
    }

    /** The caller's labels plus {@link #MANAGED}; the caller cannot switch the managed label off. */
    public static Map<String, String> managed(Map<String, String> labels) {
        var all = new LinkedHashMap<String, String>(labels);
        all.put(MANAGED, "true");
        return Map.copyOf(all);
    }
}
