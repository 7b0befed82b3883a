package dev.warren.server.spaces;

import dev.warren.server.support.TestServer;

/** The space lifecycle on Docker. */
class DockerSpacesIT extends SpaceLifecycleContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
