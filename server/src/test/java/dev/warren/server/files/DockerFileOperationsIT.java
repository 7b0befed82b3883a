package dev.warren.server.files;

import dev.warren.server.support.TestServer;

class DockerFileOperationsIT extends FileOperationsContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
