package dev.warren.engine;

import java.util.Objects;

/** A host directory or file mounted at {@code path} inside the container, e.g. a JRE mounted read-only. */
public record BindMount(String hostPath, String path, boolean readOnly) {
    public BindMount {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(path, "path");
    }
}
