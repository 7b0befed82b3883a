package dev.warren.engine.docker;

import dev.warren.engine.EngineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes what carries the given labels and the managed label: containers first (they hold images, volumes and
 * networks), then images, volumes and networks. Keeps going past failures and reports them together at the end.
 */
final class Cleanup {
    private final DockerEngine engine;

    Cleanup(DockerEngine engine) {
        this.engine = engine;
    }

    void run(Map<String, String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException(
                    "Cleanup needs at least one label, so that it cannot remove everything warren manages by accident.");
        }
        var failures = new ArrayList<String>();
        for (var container : engine.listContainers(labels)) {
            attempt(failures, () -> engine.removeContainer(container.id(), true));
        }
        for (var image : engine.listImages(labels)) {
            // By name: an image another one was committed from is then untagged and goes with its last child.
            for (String reference : image.references().isEmpty() ? java.util.List.of(image.id()) : image.references()) {
                attempt(failures, () -> engine.removeImage(reference));
            }
        }
        for (var volume : engine.listVolumes(labels)) {
            attempt(failures, () -> engine.removeVolume(volume.name()));
        }
        for (String network : engine.listNetworkNames(labels)) {
            attempt(failures, () -> engine.removeNetwork(network));
        }
        if (!failures.isEmpty()) {
            throw new EngineException("Cleanup of " + labels + " left things behind: " + String.join("; ", failures));
        }
    }

    private static void attempt(List<String> failures, Runnable removal) {
        try {
            removal.run();
        } catch (EngineException e) {
            failures.add(e.getMessage());
        }
    }
}
