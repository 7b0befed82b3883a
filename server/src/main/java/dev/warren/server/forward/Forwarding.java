package dev.warren.server.forward;

import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.server.auth.SpaceOrigins;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceEvents;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.store.PortForwardStore;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The wiring of port forwarding: the namespace helper, the forwarder, the in-space API bridge, their subscription to
 * space events ({@link #forwarder()} backs the REST routes, {@code dev.warren.server.http.ForwardRoutes}).
 * {@link #close()} closes every listener and connection.
 */
public final class Forwarding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

    private final NetworkNamespaces namespaces;
    private final PortForwarder forwarder;
    private final SpaceApiBridge bridge;
    private final Runnable unsubscribe;

    private Forwarding(NetworkNamespaces namespaces, PortForwarder forwarder, SpaceApiBridge bridge,
            Runnable unsubscribe) {
        this.namespaces = namespaces;
        this.forwarder = forwarder;
        this.bridge = bridge;
        this.unsubscribe = unsubscribe;
    }

    /**
     * Starts forwarding: follows space events, restores stored forwards of running spaces and exposes the API in
     * every running space.
     *
     * @param apiPort the port of the API inside spaces (0: not exposed)
     * @param server  where the server's own API listens (read per connection)
     * @param natAllowed false keeps every forward on the relay (WARREN_FORWARD_NAT=off); true uses NAT where
     *                   nsenter and iptables work
     * @param origins    where the in-space API bridge registers the connections it relays (ADR 0007)
     */
    public static Forwarding start(SpaceStore spaces, SpaceAccess access, PortForwardStore store,
            SpaceRuntime runtime, SpaceEvents events, int apiPort, Supplier<InetSocketAddress> server,
            boolean natAllowed, SpaceOrigins origins) {
        Sockets sockets = Sockets.best();
        LOG.info("Port forwards relay with {}.", sockets);
        NetworkNamespaces namespaces = new NetworkNamespaces(sockets);
        SpaceAddresses addresses = new SpaceAddresses(runtime, sockets);
        NatRules nat = natAllowed ? NatRules.probe().orElse(null) : null;
        LOG.info("Port forwards take {}.", nat == null ? "the relay only" : nat + ", the relay as fallback");
        PortForwarder forwarder = new PortForwarder(spaces, access, store, addresses, namespaces, nat);
        SpaceApiBridge bridge = new SpaceApiBridge(apiPort, server, addresses, namespaces, origins);
        Runnable unsubscribe = events.subscribe(change -> {
            String spaceId = change.space().id();
            String state = change.deleted() ? "deleted" : change.after().name().toLowerCase(java.util.Locale.ROOT);
            try {
                forwarder.spaceChanged(spaceId, state);
                bridge.spaceChanged(spaceId, state);
            } catch (RuntimeException failed) {
                LOG.warn("Port forwarding could not follow space {} to state {}: {}", spaceId, state,
                        failed.getMessage());
            }
        });
        forwarder.restore();
        for (Space space : spaces.listAll()) {
            if (space.state() == SpaceState.RUNNING) {
                bridge.spaceChanged(space.id(), "running");
            }
        }
        return new Forwarding(namespaces, forwarder, bridge, unsubscribe);
    }

    public PortForwarder forwarder() {
        return forwarder;
    }

    /** Whether the server's API is reachable inside the space now (tests). */
    public boolean apiExposedIn(String spaceId) {
        return bridge.exposedIn(spaceId);
    }

    @Override
    public void close() {
        unsubscribe.run();
        forwarder.close();
        bridge.close();
        namespaces.close();
    }
}
