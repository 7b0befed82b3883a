package dev.warren.server.snapshots;

import dev.warren.server.support.TestServer;

class PodmanSnapshotsIT extends SnapshotsContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
