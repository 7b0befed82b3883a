package dev.warren.server.forward;

import dev.warren.server.auth.SpaceOrigins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Exposes the server's API inside every running space on {@code 127.0.0.1:<port>} (7399 unless configured), so the
 * in-space CLI reaches the server with any image and any network setup: each connection is relayed to the server's
 * own HTTP port. Callers still authenticate (the space token in {@code WARREN_TOKEN}). Each relayed connection's
 * local end is registered in {@link SpaceOrigins} while it lives, so the server knows which space a request came
 * from and accepts a space token only from its own space (ADR 0007). Thread-safe; blocking.
 */
final class SpaceApiBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceApiBridge.class);
    static final int MAX_CONNECTIONS = 64;

    private final int port;
    private final Supplier<InetSocketAddress> server;
    private final SpaceAddresses addresses;
    private final NetworkNamespaces namespaces;
    private final SpaceOrigins origins;
    private final Map<String, PortListener> listeners = new HashMap<>();

    /**
     * @param port   the port inside spaces; 0 turns the bridge off
     * @param server where the server's API listens now (read per connection: the port is known after start-up)
     * @param origins where each relayed connection is registered as coming from its space
     */
    SpaceApiBridge(int port, Supplier<InetSocketAddress> server, SpaceAddresses addresses,
            NetworkNamespaces namespaces, SpaceOrigins origins) {
        this.origins = origins;
        this.port = port;
        this.server = server;
        this.addresses = addresses;
        this.namespaces = namespaces;
    }

    /** Follows a space's state: open while it runs, closed otherwise. */
    synchronized void spaceChanged(String spaceId, String state) {
        if (port == 0) {
            return;
        }
        switch (state) {
            case "running" -> open(spaceId);
            case "paused", "stopping", "stopped", "deleting", "deleted" -> closeFor(spaceId);
            default -> { }
        }
    }

    private void open(String spaceId) {
        closeFor(spaceId);
        OptionalLong pid = addresses.pid(spaceId);
        if (pid.isEmpty()) {
            return;
        }
        try {
            listeners.put(spaceId, new PortListener("api-" + spaceId, namespaces.bind(pid.getAsLong(), List.of(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    new InetSocketAddress(InetAddress.ofLiteral("::1"), port))),
                    new OriginDialer(spaceId), MAX_CONNECTIONS).start());
        } catch (IOException failed) {
            LOG.warn("Could not expose the API inside space {} on port {}: {}", spaceId, port, failed.getMessage());
        }
    }

    private void closeFor(String spaceId) {
        PortListener listener = listeners.remove(spaceId);
        if (listener != null) {
            listener.close();
        }
    }

    /** Dials the server and registers the connection as coming from the space until its relay ends. */
    private final class OriginDialer implements PortListener.Dialer {
        private final String spaceId;
        private final Map<Sockets.Link, SpaceOrigins.Registration> registered = new ConcurrentHashMap<>();

        OriginDialer(String spaceId) {
            this.spaceId = spaceId;
        }

        @Override
        public Sockets.Link dial() throws IOException {
            Sockets.Link link = addresses.connect(server.get());
            try {
                registered.put(link, origins.register(link.localAddress(), spaceId));
                return link;
            } catch (IOException | RuntimeException failed) {
                link.close();
                throw failed;
            }
        }

        @Override
        public void ended(Sockets.Link upstream) {
            SpaceOrigins.Registration registration = registered.remove(upstream);
            if (registration != null) {
                registration.close();
            }
        }
    }

    /** Whether the API is exposed inside the space now. */
    synchronized boolean exposedIn(String spaceId) {
        return listeners.containsKey(spaceId);
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(PortListener::close);
        listeners.clear();
    }
}
