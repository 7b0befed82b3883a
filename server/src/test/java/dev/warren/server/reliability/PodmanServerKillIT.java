package dev.warren.server.reliability;

import dev.warren.server.support.TestServer;

class PodmanServerKillIT extends ServerKillContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }

    @Override
    int rounds() {
        return 10;
    }
}
