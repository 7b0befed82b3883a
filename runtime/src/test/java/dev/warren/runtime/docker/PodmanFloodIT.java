package dev.warren.runtime.docker;

class PodmanFloodIT extends FloodContract {
    @Override
    String engineHost() {
        return System.getenv().getOrDefault("WARREN_TEST_PODMAN_HOST", "unix:///run/podman/podman.sock");
    }
}
