package dev.warren.server.isolation;

import dev.warren.server.support.TestServer;

class PodmanTenantIsolationIT extends TenantIsolationContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }
}
