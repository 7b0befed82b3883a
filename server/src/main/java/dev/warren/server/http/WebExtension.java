package dev.warren.server.http;

import io.javalin.config.JavalinConfig;

/**
 * Something that adds non-API handlers to the HTTP server: the web UI's pages and assets, the terminal's
 * WebSocket. Called once while the server is configured.
 */
@FunctionalInterface
public interface WebExtension {
    void configure(JavalinConfig config, Authenticator authenticator);
}
