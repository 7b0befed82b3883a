package dev.warren.engine;

/** Which engine answers behind the Docker Engine API. */
public enum EngineKind {
    DOCKER,
    PODMAN
}
