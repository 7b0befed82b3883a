package dev.warren.server.ports;

import dev.warren.server.support.TestServer;

class PodmanPortProxyIT extends PortProxyContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
