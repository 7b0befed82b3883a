package dev.warren.server.processes;

import dev.warren.server.support.TestServer;

class PodmanProcessesIT extends ProcessesContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
