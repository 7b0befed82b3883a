package dev.warren.server.reliability;

import dev.warren.server.support.TestServer;

/** Podman's API service is stopped (its containers keep running under conmon) and started again. */
class PodmanEngineRestartIT extends EngineRestartContract {
    @Override
    String engineHost() {
        return TestServer.PODMAN;
    }

    @Override
    void stopEngine() throws Exception {
        // [p]odman: the pattern must not match this shell's own command line
        run("sh", "-c", "pkill -f '[p]odman system service' ; for i in $(seq 1 300); do "
                + "pgrep -f '[p]odman system service' >/dev/null || exit 0; sleep 0.1; done; exit 1");
    }
}
