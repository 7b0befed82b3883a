package dev.warren.server.snapshots;

import dev.warren.server.support.TestServer;

class DockerSnapshotsIT extends SnapshotsContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
