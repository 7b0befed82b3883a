package dev.warren.runtime.docker;

class PodmanExecFallbackIT extends ExecFallbackContract {
    @Override
    String engineHost() {
        return System.getenv().getOrDefault("WARREN_TEST_PODMAN_HOST", "unix:///run/podman/podman.sock");
    }
}
