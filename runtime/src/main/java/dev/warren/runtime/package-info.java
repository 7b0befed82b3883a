/**
 * The runtime seam: {@link dev.warren.runtime.SpaceRuntime} speaks in spaces (start, stop, destroy, inspect, pause)
 * and hands out each running space's data plane, a {@link dev.warren.runtime.SpaceAgent} (processes, terminals,
 * files, watch). The server knows nothing else of how spaces run. Implementations: {@code docker} (Docker and
 * Podman through the engine, with the in-space agent as each container's process 1) and {@code memory} (in
 * memory, for fast rule tests; it passes the same contract suite). Failures leave here as the core's exceptions
 * ({@link dev.warren.core.EngineFailureException} for 503 and so on), translated in one place per implementation.
 */
package dev.warren.runtime;
