package dev.warren.engine.docker;

import dev.warren.engine.EngineKind;

import java.util.List;

/** The engine contract against Podman's API service ({@code WARREN_TEST_PODMAN_HOST}, default its rootful socket). */
class PodmanEngineIT extends DockerApiContract {
    @Override
    protected String host() {
        return host("WARREN_TEST_PODMAN_HOST", "unix://" + EngineLocator.PODMAN_SOCKET);
    }

    @Override
    protected List<String> cli() {
        return List.of("podman", "--remote", "--url", host());
    }

    @Override
    protected EngineKind expectedKind() {
        return EngineKind.PODMAN;
    }
}
