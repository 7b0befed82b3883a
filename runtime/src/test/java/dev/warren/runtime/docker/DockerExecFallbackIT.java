package dev.warren.runtime.docker;

class DockerExecFallbackIT extends ExecFallbackContract {
    @Override
    String engineHost() {
        return System.getenv().getOrDefault("WARREN_TEST_DOCKER_HOST", "unix:///var/run/docker.sock");
    }
}
