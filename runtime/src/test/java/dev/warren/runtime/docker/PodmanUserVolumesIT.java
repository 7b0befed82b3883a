package dev.warren.runtime.docker;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.UserVolumesContract;

/** Users' volumes on Podman: engine volumes bind-mounted from their host directory. */
class PodmanUserVolumesIT extends UserVolumesContract {
    @Override
    protected SpaceRuntime createRuntime() {
        return DockerRuntimeSupport.create(System.getenv().getOrDefault("WARREN_TEST_PODMAN_HOST",
                "unix:///run/podman/podman.sock"));
    }

    @Override
    protected void removeEverything() {
        ((DockerSpaceRuntime) runtime).removeEverything();
    }
}
