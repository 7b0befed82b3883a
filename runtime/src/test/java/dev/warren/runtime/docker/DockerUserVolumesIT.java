package dev.warren.runtime.docker;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.UserVolumesContract;

/** Users' volumes on Docker: engine volumes bind-mounted from their host directory. */
class DockerUserVolumesIT extends UserVolumesContract {
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
