package dev.warren.runtime.docker;

import dev.warren.engine.docker.EngineLocator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A Docker/Podman runtime for tests: its own instance label, the agent built by scripts/agent.sh. */
final class DockerRuntimeSupport {
    static final Path AGENT = Path.of(System.getProperty("warren.agent.binary",
            System.getenv().getOrDefault("WARREN_AGENT_BINARY", "../build/agent/warren-agent")))
            .toAbsolutePath().normalize();

    private DockerRuntimeSupport() {}

    static DockerSpaceRuntime create(String engineHost) {
        if (!Files.isExecutable(AGENT)) {
            throw new IllegalStateException("The agent " + AGENT + " is missing: run scripts/agent.sh first.");
        }
        try {
            Path dir = Files.createTempDirectory("warren-runtime-it-");
            return new DockerSpaceRuntime(EngineLocator.connect(engineHost), new DockerSpaceRuntime.Settings(
                    "rt" + UUID.randomUUID().toString().substring(0, 8), AGENT, dir, () -> "", 0, Duration.ofSeconds(15)));
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
