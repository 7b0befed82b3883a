package dev.warren.server.uploads;

import dev.warren.server.support.TestServer;

class DockerUploadsIT extends UploadsContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
