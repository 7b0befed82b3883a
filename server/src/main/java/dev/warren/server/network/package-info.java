/**
 * Space networks as the server sees them: the egress policy of each space (its template's, narrowed by its owner's
 * override), kept in force on running spaces ({@link dev.warren.server.network.EgressService}). The runtime enforces
 * it together with the isolation between spaces (ADR 0006; on Docker and Podman the rules in each space's network
 * namespace). The routes are {@code dev.warren.server.http.EgressRoutes}; overrides live in the store's
 * {@code SpaceEgressStore}.
 */
package dev.warren.server.network;
