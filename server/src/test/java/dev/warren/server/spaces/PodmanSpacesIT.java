package dev.warren.server.spaces;

import dev.warren.server.support.TestServer;

/** The space lifecycle on Podman (its Docker-compatible API socket). */
class PodmanSpacesIT extends SpaceLifecycleContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
