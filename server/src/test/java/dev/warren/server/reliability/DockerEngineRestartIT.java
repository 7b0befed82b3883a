package dev.warren.server.reliability;

import dev.warren.server.support.TestServer;

/** dockerd is stopped (its containers stop with it) and started again by scripts/engines.sh. */
class DockerEngineRestartIT extends EngineRestartContract {
    @Override
    String engineHost() {
        return TestServer.DOCKER;
    }

    @Override
    void stopEngine() throws Exception {
        run("sh", "-c", "pid=$(cat /var/run/docker.pid) && kill $pid && "
                + "for i in $(seq 1 300); do kill -0 $pid 2>/dev/null || exit 0; sleep 0.1; done; exit 1");
    }
}
