package dev.warren.engine;

import java.util.Objects;

/**
 * What an engine says about itself.
 *
 * @param kind       Docker or Podman
 * @param version    the engine's own version, e.g. {@code 20.10.24} or {@code 4.3.1}
 * @param apiVersion the Docker Engine API version it serves, e.g. {@code 1.41}
 * @param host       where it was reached, e.g. {@code unix:///var/run/docker.sock}
 */
public record EngineInfo(EngineKind kind, String version, String apiVersion, String host) {
    public EngineInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(host, "host");
    }
}
