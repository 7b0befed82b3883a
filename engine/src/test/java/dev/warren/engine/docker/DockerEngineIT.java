package dev.warren.engine.docker;

import dev.warren.engine.EngineKind;

import java.util.List;

/** The engine contract against Docker ({@code WARREN_TEST_DOCKER_HOST}, default Docker's socket). */
class DockerEngineIT extends DockerApiContract {
    @Override
    protected String host() {
        return host("WARREN_TEST_DOCKER_HOST", "unix://" + EngineLocator.DOCKER_SOCKET);
    }

    @Override
    protected List<String> cli() {
        return List.of("docker");
    }

    @Override
    protected EngineKind expectedKind() {
        return EngineKind.DOCKER;
    }
}
