package dev.warren.engine;

import java.util.Map;

/** One row of a container listing: cheaper than {@link ContainerState}, without pid or address. */
public record ContainerSummary(String id, String name, String image, String status, boolean running,
                               Map<String, String> labels) {
    public ContainerSummary {
        labels = Map.copyOf(labels);
    }
}
