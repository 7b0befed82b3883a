package dev.warren.server.ports;

import dev.warren.server.support.TestServer;

class DockerPortProxyIT extends PortProxyContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
