package dev.warren.runtime.docker;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceRuntimeContract;

/** The runtime contract on Docker. */
class DockerSpaceRuntimeIT extends SpaceRuntimeContract {
    @Override
    protected SpaceRuntime createRuntime() {
        return DockerRuntimeSupport.create(System.getenv().getOrDefault("WARREN_TEST_DOCKER_HOST",
                "unix:///var/run/docker.sock"));
    }

    @Override
    protected void removeEverything() {
        ((DockerSpaceRuntime) runtime).removeEverything();
    }
}
