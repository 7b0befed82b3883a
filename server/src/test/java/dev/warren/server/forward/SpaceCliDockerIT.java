package dev.warren.server.forward;

import dev.warren.server.support.TestServer;

/** The in-space CLI on Docker. */
class SpaceCliDockerIT extends SpaceCliContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
