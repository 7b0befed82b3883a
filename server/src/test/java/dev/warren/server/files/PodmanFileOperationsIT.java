package dev.warren.server.files;

import dev.warren.server.support.TestServer;

class PodmanFileOperationsIT extends FileOperationsContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
