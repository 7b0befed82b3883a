package dev.warren.server;

import dev.warren.server.http.ApiServices;
import dev.warren.server.http.WebExtension;
import dev.warren.server.web.WebUi;

import java.util.List;

/**
 * The optional parts plugged into the server: the web UI and the port forwarder. One place, so the wiring in
 * {@link WarrenServer} stays readable.
 */
final class Extensions {
    private Extensions() {}

    static void add(WarrenServer.Services services, WarrenServer.Stores stores, ApiServices api,
            List<WebExtension> extensions, List<AutoCloseable> closeables) {
        extensions.add(new WebUi(services.spaces(), services.mapper()));
    }
}
