package dev.warren.server.processes;

import dev.warren.server.support.TestServer;

class DockerProcessesIT extends ProcessesContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
