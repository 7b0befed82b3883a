package dev.warren.server;

import dev.warren.server.auth.SpaceOrigins;
import dev.warren.server.forward.Forwarding;
import dev.warren.server.http.ApiServices;
import dev.warren.server.http.ForwardRoutes;
import dev.warren.server.http.WebExtension;
import dev.warren.server.web.WebUi;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The optional parts plugged into the server: the web UI and the port forwarder. One place, so the wiring in
 * {@link WarrenServer} stays readable.
 */
final class Extensions {
    private Extensions() {}

    /**
     * @param serverPort the HTTP port once the server listens (read lazily: the port is known only after start-up)
     * @param origins    where the in-space API bridge registers its connections (space tokens are bound to them)
     */
    static void add(Config config, WarrenServer.Services services, WarrenServer.Stores stores, ApiServices api,
            List<WebExtension> extensions, List<AutoCloseable> closeables, IntSupplier serverPort,
            SpaceOrigins origins) {
        Forwarding forwarding = Forwarding.start(stores.spaces(), services.access(), stores.forwards(),
                services.runtime(), services.events(), config.spaceApiPort(),
                () -> new InetSocketAddress(localAddress(config.host()), serverPort.getAsInt()), config.forwardNat(),
                origins);
        api.contributors().add(new ForwardRoutes(forwarding.forwarder()));
        extensions.add(new WebUi(services.spaces(), services.mapper()));
        closeables.add(forwarding);
    }

    /** How the server reaches its own API: loopback when it listens on every address. */
    private static String localAddress(String host) {
        return host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? "127.0.0.1" : host;
    }
}
