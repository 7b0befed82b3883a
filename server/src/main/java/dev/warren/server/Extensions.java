package dev.warren.server;

import dev.warren.server.auth.Secrets;
import dev.warren.server.auth.SpaceOrigins;
import dev.warren.server.forward.Forwarding;
import dev.warren.server.http.ApiServices;
import dev.warren.server.http.Authenticator;
import dev.warren.server.http.ForwardRoutes;
import dev.warren.server.http.PortUrlRoutes;
import dev.warren.server.http.WebExtension;
import dev.warren.server.ports.PortUrlWiring;
import dev.warren.server.ports.WakeHandler;
import dev.warren.server.web.WebUi;
import dev.warren.store.PreviewTokenStore;
import dev.warren.store.PublicPortStore;
import org.jdbi.v3.core.Jdbi;

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

    /**
     * Port URLs: the proxy on {@code WARREN_HOST:WARREN_PORT_PROXY_PORT} (unless -1) and its REST routes. The
     * returned wiring is also in {@code closeables}, which closes the proxy at shutdown.
     */
    static PortUrlWiring portUrls(Config config, WarrenServer.Services services, WarrenServer.Stores stores,
            Jdbi jdbi, ApiServices api, List<AutoCloseable> closeables, Secrets secrets, java.time.Clock clock,
            WakeHandler wake) {
        SandboxSettings sandboxes = config.sandboxes();
        PortUrlWiring wiring = PortUrlWiring.start(new PortUrlWiring.Settings(config.host(),
                        sandboxes.portProxyPort(), sandboxes.portDomain(), sandboxes::portUrl, sandboxes.previewMaxTtl(),
                        Authenticator.SESSION_COOKIE,
                        // a sandbox created with secure: false has every port public (the seed's "secure" flag)
                        spaceId -> stores.sandboxes().find(spaceId).map(sandbox -> !sandbox.secure()).orElse(false),
                        wake),
                stores.spaces(), services.access(), services.auth(), new PreviewTokenStore(jdbi),
                new PublicPortStore(jdbi), services.runtime(), services.events(), secrets, clock);
        api.contributors().add(new PortUrlRoutes(wiring.service()));
        closeables.add(wiring);
        return wiring;
    }

    /**
     * The E2B-compatible API under {@code WARREN_E2B_PREFIX} (docs/E2B.md), or nothing when it is off. Its data-plane
     * tokens are signed with a key kept in the store, so they survive a restart.
     */
    static void e2b(Config config, WarrenServer.Services services, WarrenServer.Stores stores, Jdbi jdbi,
            dev.warren.server.sandboxes.SandboxService sandboxes, dev.warren.server.spaces.SpaceIo io,
            dev.warren.server.snapshots.SnapshotWiring snapshots, PortUrlWiring portUrls,
            List<WebExtension> extensions, List<AutoCloseable> closeables) {
        dev.warren.server.e2b.E2bSettings settings = dev.warren.server.e2b.E2bSettings.load(
                java.util.Map.of("WARREN_E2B_PREFIX", config.sandboxes().e2bPrefix()));
        if (!settings.enabled()) {
            return;
        }
        String key = new dev.warren.store.ServerSettingsStore(jdbi).getOrInit("e2b_envd_token_key",
                () -> {
                    byte[] random = new byte[32];
                    new java.security.SecureRandom().nextBytes(random);
                    return java.util.HexFormat.of().formatHex(random);
                });
        SandboxSettings sandboxSettings = config.sandboxes();
        java.util.function.Supplier<String> domain = () -> e2bDomain(sandboxSettings, portUrls.port());
        dev.warren.server.e2b.E2bGateway gateway = new dev.warren.server.e2b.E2bGateway(
                new dev.warren.server.e2b.E2bGateway.Parts(services.auth(), stores.users(), sandboxes, io,
                        snapshots.service(), snapshots.forks(sandboxes),
                        new dev.warren.server.e2b.EnvdTokens(key), domain));
        extensions.add(new dev.warren.server.http.E2bRoutes(settings.prefix(), gateway));
        closeables.add(gateway);
    }

    /**
     * E2B's sandbox domain: their SDK's {@code getHost(port)} is {@code <port>-<id>.<domain>}, which is warren's
     * port URL form when the domain carries the proxy's port. Null when port URLs are off or written otherwise.
     */
    static String e2bDomain(SandboxSettings settings, int proxyPort) {
        if (!settings.portUrlsEnabled() || proxyPort < 0) {
            return null;
        }
        if (settings.portUrlBase().isBlank()) {
            return settings.portDomain() + ":" + proxyPort;
        }
        java.util.regex.Matcher form = java.util.regex.Pattern.compile("^https?://\\{port}-\\{id}\\.([^/]+)/?$")
                .matcher(settings.portUrlBase());
        return form.matches() ? form.group(1) : null;
    }

    /** How the server reaches its own API: loopback when it listens on every address. */
    private static String localAddress(String host) {
        return host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? "127.0.0.1" : host;
    }
}
