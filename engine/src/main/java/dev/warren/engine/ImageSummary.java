package dev.warren.engine;

import java.util.List;
import java.util.Map;

/**
 * A local image and its labels.
 *
 * @param id         the engine's image id
 * @param references its names ({@code repository:tag}); Podman spells short names in full
 *                   ({@code docker.io/library/...}), so match on what follows the last slash
 * @param labels     its labels, those inherited from its base image and container included
 */
public record ImageSummary(String id, List<String> references, Map<String, String> labels) {
    public ImageSummary {
        references = references == null ? List.of() : List.copyOf(references);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
