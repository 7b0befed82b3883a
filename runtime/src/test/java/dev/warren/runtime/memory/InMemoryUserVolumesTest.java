package dev.warren.runtime.memory;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.UserVolumesContract;

/** Users' volumes in memory keep the same contract as on Docker and Podman. */
class InMemoryUserVolumesTest extends UserVolumesContract {
    @Override
    protected SpaceRuntime createRuntime() {
        return new InMemorySpaceRuntime();
    }
}
