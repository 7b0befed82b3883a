package dev.warren.server.isolation;

import dev.warren.server.support.TestServer;

class DockerTenantIsolationIT extends TenantIsolationContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }
}
