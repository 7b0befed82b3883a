package dev.warren.runtime.docker;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceRuntimeContract;

/** The runtime contract on Podman. */
class PodmanSpaceRuntimeIT extends SpaceRuntimeContract {
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
