package dev.warren.server.sandboxes;

import dev.warren.server.support.TestServer;

class PodmanSandboxIT extends SandboxContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
