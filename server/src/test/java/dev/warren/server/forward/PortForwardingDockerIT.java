package dev.warren.server.forward;

import dev.warren.server.support.TestServer;

/** Port forwarding on Docker. */
class PortForwardingDockerIT extends PortForwardingContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
