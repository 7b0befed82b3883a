package dev.warren.server.reliability;

import dev.warren.server.support.TestServer;

class DockerServerKillIT extends ServerKillContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
