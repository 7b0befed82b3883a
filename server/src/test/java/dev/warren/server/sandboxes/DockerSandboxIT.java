package dev.warren.server.sandboxes;

import dev.warren.server.support.TestServer;

class DockerSandboxIT extends SandboxContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
