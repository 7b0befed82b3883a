package dev.warren.server.uploads;

import dev.warren.server.support.TestServer;

class PodmanUploadsIT extends UploadsContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
