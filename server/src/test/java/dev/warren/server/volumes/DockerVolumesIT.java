package dev.warren.server.volumes;

import dev.warren.server.support.TestServer;

class DockerVolumesIT extends VolumesContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
