/**
 * Port forwarding between spaces, with no process inside user images. The server opens each listener inside the
 * source space's network namespace ({@link dev.warren.server.forward.NetworkNamespaces}: {@code setns} on a
 * dedicated platform thread through the FFM API), then accepts on platform threads and relays bytes to the target
 * space's address on the engine network: zero-copy with {@code splice(2)} on FFM sockets
 * ({@link dev.warren.server.forward.SpliceRelay}), or with buffer copies on JDK channels where splice is unavailable
 * ({@link dev.warren.server.forward.Relay}). The same mechanism exposes the
 * server's API inside every running space on {@code 127.0.0.1:7399} so the in-space CLI works with any image
 * ({@link dev.warren.server.forward.SpaceApiBridge}).
 *
 * <p>Owns: the forward rules and their state ({@link dev.warren.server.forward.PortForwarder}) and the wiring
 * ({@link dev.warren.server.forward.Forwarding}); the REST routes under {@code /space-io/{space_id}/port/...} are
 * {@code dev.warren.server.http.ForwardRoutes} (only http speaks Javalin). Persistent forwards live in the store's
 * {@code PortForwardStore}; the others live in memory and end when their source stops.
 */
package dev.warren.server.forward;
