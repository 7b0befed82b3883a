package dev.warren.server.forward;

import dev.warren.server.support.TestServer;

/** The in-space CLI on Podman. */
class SpaceCliPodmanIT extends SpaceCliContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
