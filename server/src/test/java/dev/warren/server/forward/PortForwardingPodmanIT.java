package dev.warren.server.forward;

import dev.warren.server.support.TestServer;

/** Port forwarding on Podman. */
class PortForwardingPodmanIT extends PortForwardingContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
