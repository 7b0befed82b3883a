/**
 * The Docker Engine API driver, serving both Docker and Podman ({@code podman system service} speaks the same
 * API). {@link dev.warren.engine.docker.EngineLocator} finds an engine and is the only public entry point;
 * the driver itself is package-private. Uses docker-java with its zero-dependency transport.
 */
package dev.warren.engine.docker;
