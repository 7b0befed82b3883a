package dev.warren.server.spaces;

import dev.warren.server.support.TestServer;

/** The space rules on Docker. */
class DockerSpaceRulesIT extends SpaceRulesContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
