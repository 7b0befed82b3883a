package dev.warren.server.ports;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.auth.AuthService;
import dev.warren.server.auth.Secrets;
import dev.warren.server.forward.ProxySockets;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceEvents;
import dev.warren.store.PreviewTokenStore;
import dev.warren.store.PublicPortStore;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The wiring of port URLs: the proxy's listener (unless port URLs are off) and the service behind the REST routes,
 * which it tells about revoked preview tokens. {@link #close()} stops the listener and ends every relayed
 * connection.
 */
public final class PortUrlWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortUrlWiring.class);

    /** Writes a port's URL given the port the proxy listens on (SandboxSettings.portUrl). */
    @FunctionalInterface
    public interface UrlBase {
        String url(String spaceId, int port, int listeningPort);
    }

    /**
     * @param host          the address to listen on ({@code WARREN_HOST}; blank for every address)
     * @param port          the port to listen on; 0 picks one, -1 turns port URLs off
     * @param domain        the domain of host-based URLs
     * @param urls          how URLs are written
     * @param sessionCookie the name of the browser session cookie (taken out of proxied requests)
     * @param openSpaces    spaces whose every port is public (sandboxes created with {@code secure: false})
     */
    public record Settings(String host, int port, String domain, UrlBase urls, Duration previewMaxTtl,
            String sessionCookie, Predicate<String> openSpaces, WakeHandler wake) {}

    /** A port number no URL base contains, replaced by the placeholder in {@link #urlForm}. */
    private static final int SENTINEL_PORT = 98765;

    private final PortUrlService service;
    private final PortProxy proxy;
    private final ProxySockets sockets;
    private final UrlBase urls;

    private PortUrlWiring(PortUrlService service, PortProxy proxy, ProxySockets sockets, UrlBase urls) {
        this.service = service;
        this.proxy = proxy;
        this.sockets = sockets;
        this.urls = urls;
    }

    /** Starts the proxy (when on) and builds the service. */
    public static PortUrlWiring start(Settings settings, SpaceStore spaces, SpaceAccess access, AuthService auth,
            PreviewTokenStore previews, PublicPortStore publicPorts, SpaceRuntime runtime, SpaceEvents events,
            Secrets secrets, Clock clock) {
        boolean enabled = settings.port() >= 0;
        boolean https = settings.urls().url("id", 1, 1).startsWith("https://");
        PortProxy proxy = null;
        ProxySockets sockets = null;
        if (enabled) {
            sockets = ProxySockets.start(runtime, events);
            ProxyGate gate = new ProxyGate(spaces, access, auth, previews, publicPorts, settings.openSpaces(), clock,
                    new ProxyGate.Settings(settings.sessionCookie(), https));
            String host = settings.host().isBlank() ? "0.0.0.0" : settings.host();
            try {
                proxy = new PortProxy(new InetSocketAddress(host, settings.port()), sockets, gate, settings.wake(),
                        settings.domain(), https ? "https" : "http");
            } catch (IOException cannotListen) {
                sockets.close();
                throw new UncheckedIOException("The port URL proxy cannot listen on " + host + ":" + settings.port()
                        + " (WARREN_PORT_PROXY_PORT): " + cannotListen.getMessage(), cannotListen);
            }
            int listening = proxy.port();
            LOG.info("Port URLs: {} (host-based) and http://{}:{}/spaces/<id>/ports/<port>/ (path-based), relayed"
                    + " with {}.", settings.urls().url("<id>", 0, listening).replace("0-<id>", "<port>-<id>"), host,
                    listening, sockets);
        } else {
            LOG.info("Port URLs are off (WARREN_PORT_PROXY_PORT=-1).");
        }
        AtomicReference<PortProxy> revocations = new AtomicReference<>(proxy);
        int listening = proxy == null ? -1 : proxy.port();
        PortUrlService service = new PortUrlService(access, previews, publicPorts, secrets, clock,
                new PortUrlService.Settings(enabled, settings.previewMaxTtl(),
                        (spaceId, port) -> settings.urls().url(spaceId, port, listening)),
                id -> {
                    PortProxy current = revocations.get();
                    if (current != null) {
                        current.revoked(id);
                    }
                });
        return new PortUrlWiring(service, proxy, sockets, settings.urls());
    }

    /**
     * The URL form of a space's ports with a {@code {port}} placeholder (for the sandbox view's {@code port_url});
     * empty when port URLs are off.
     */
    public String urlForm(String spaceId) {
        if (proxy == null) {
            return "";
        }
        return urls.url(spaceId, SENTINEL_PORT, proxy.port()).replace(Integer.toString(SENTINEL_PORT), "{port}");
    }

    public PortUrlService service() {
        return service;
    }

    /** The port the proxy listens on, or -1 when port URLs are off. */
    public int port() {
        return proxy == null ? -1 : proxy.port();
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
        if (sockets != null) {
            sockets.close();
        }
    }
}
