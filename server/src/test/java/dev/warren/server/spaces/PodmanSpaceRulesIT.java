package dev.warren.server.spaces;

import dev.warren.server.support.TestServer;

/** The space rules on Podman. */
class PodmanSpaceRulesIT extends SpaceRulesContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
