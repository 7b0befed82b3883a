package dev.warren.engine;

import java.util.Objects;

/** A named engine volume mounted at {@code path} inside the container. */
public record VolumeMount(String volume, String path) {
    public VolumeMount {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(path, "path");
    }
}
