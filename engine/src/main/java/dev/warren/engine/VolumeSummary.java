package dev.warren.engine;

import java.util.Map;

/** A named engine volume and its labels. */
public record VolumeSummary(String name, Map<String, String> labels) {
    public VolumeSummary {
        labels = Map.copyOf(labels);
    }
}
