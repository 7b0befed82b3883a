/**
 * Port URLs: every port of a running space (a sandbox is a space) reachable at
 * {@code http://<port>-<space id>.<domain>:<proxy port>/} or {@code /spaces/<space id>/ports/<port>/} on the proxy,
 * private by default (docs/PORT_URLS.md).
 *
 * <p>Owns: the proxy ({@link dev.warren.server.ports.PortProxy}, a listener of its own on plain sockets: it reads
 * request heads, routes, authorises and splices bytes using the forwarder's machinery through
 * {@code dev.warren.server.forward.ProxySockets}), who may pass ({@code ProxyGate}: user credentials, preview tokens,
 * public ports), the rules behind the REST routes ({@link dev.warren.server.ports.PortUrlService}; the routes are
 * {@code dev.warren.server.http.PortUrlRoutes}, since only http speaks Javalin), the hook for waking paused spaces
 * ({@link dev.warren.server.ports.WakeHandler}) and the wiring ({@link dev.warren.server.ports.PortUrlWiring}).
 * Preview tokens and public ports live in the store's {@code PreviewTokenStore} and {@code PublicPortStore}.
 */
package dev.warren.server.ports;
