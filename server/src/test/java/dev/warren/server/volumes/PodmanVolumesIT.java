package dev.warren.server.volumes;

import dev.warren.server.support.TestServer;

class PodmanVolumesIT extends VolumesContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
