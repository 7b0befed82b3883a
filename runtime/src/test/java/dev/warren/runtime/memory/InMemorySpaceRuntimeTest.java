package dev.warren.runtime.memory;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceRuntimeContract;

/** The in-memory runtime keeps the same contract as Docker and Podman. */
class InMemorySpaceRuntimeTest extends SpaceRuntimeContract {
    @Override
    protected SpaceRuntime createRuntime() {
        return new InMemorySpaceRuntime();
    }
}
