package dev.warren.server.ports;

import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.server.forward.ProxySockets;
import dev.warren.server.forward.ProxySockets.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The port URL proxy: a listener of its own (not Jetty) that reads each request head (bounded size, and time for
 * the first), routes it to a port of a space ({@link ProxyTarget}), authorises it ({@link ProxyGate}), dials the
 * space's address on the engine network and writes the rewritten head. From then on the response direction is
 * spliced untouched (zero-copy where the host allows), so streaming responses and WebSocket upgrades work without
 * parsing a response. The request direction is followed request by request on a kept-alive connection, so every
 * request is authorised and stripped of warren's credentials; after an upgrade it too is relayed raw. Path-based
 * requests go upstream with {@code Connection: close}, so each is routed. Thread-safe.
 */
final class PortProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortProxy.class);
    static final int HEAD_TIMEOUT_MILLIS = 15_000;
    static final int MAX_CONNECTIONS = 1024;

    private final ProxySockets sockets;
    private final ProxyGate gate;
    private final WakeHandler wake;
    private final String domain;
    private final String scheme;
    private final ProxySockets.Listener listener;
    /** Open relays by the preview token that opened them, so a revocation closes them. */
    private final Map<String, Set<Connection>> byPreview = new ConcurrentHashMap<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    /**
     * @param scheme what {@code X-Forwarded-Proto} says when no proxy in front said it already ("http", "https")
     */
    PortProxy(InetSocketAddress address, ProxySockets sockets, ProxyGate gate, WakeHandler wake, String domain,
            String scheme) throws IOException {
        this.sockets = sockets;
        this.gate = gate;
        this.wake = wake;
        this.domain = domain;
        this.scheme = scheme;
        this.listener = sockets.listen(address, MAX_CONNECTIONS, this::serve);
    }

    int port() {
        return listener.port();
    }

    /** Closes every connection a preview token opened (it was revoked). */
    void revoked(String previewId) {
        Set<Connection> connections = byPreview.remove(previewId);
        if (connections != null) {
            connections.forEach(Connection::abort);
        }
    }

    private void serve(Connection client) {
        ClientInput input = new ClientInput(client);
        RequestHead head;
        ProxyTarget target;
        ProxyGate.Allow allowed;
        try {
            head = input.readHead(HEAD_TIMEOUT_MILLIS);
            if (head == null) {
                return;
            }
            target = route(head);
            ProxyGate.Decision decision = gate.decide(target, head);
            if (decision instanceof ProxyGate.Redirect redirect) {
                ProxyAnswers.redirect(client, redirect.location(), redirect.cookie());
                return;
            }
            allowed = (ProxyGate.Allow) decision;
        } catch (ProxyRefusal refusal) {
            ProxyAnswers.refuse(client, refusal);
            return;
        } catch (IOException | RuntimeException gone) {
            return; // the client went away (or the store failed) before anything was relayed
        }
        wake.used(allowed.space());
        try {
            serve(client, input, head, target, allowed);
        } finally {
            wake.released(allowed.space());
        }
    }

    /** The authorised part: the space runs (or wakes), then the exchange is relayed. */
    private void serve(Connection client, ClientInput input, RequestHead head, ProxyTarget target,
            ProxyGate.Allow allowed) {
        Framing framing;
        try {
            requireRunning(allowed.space());
            framing = Framing.of(head);
        } catch (ProxyRefusal refusal) {
            ProxyAnswers.refuse(client, refusal);
            return;
        } catch (RuntimeException gone) {
            return; // the store failed before anything was relayed
        }
        Connection upstream;
        try {
            upstream = sockets.dial(target.spaceId(), target.port());
        } catch (IOException unreachable) {
            ProxyAnswers.refuse(client, unreachable(allowed.space(), target.port(), unreachable));
            return;
        }
        try (upstream) {
            open.add(client);
            track(allowed.previewId(), client);
            relay(client, input, upstream, head, target, framing, allowed.previewId());
        } finally {
            open.remove(client);
            if (allowed.previewId() != null) {
                Set<Connection> tracked = byPreview.get(allowed.previewId());
                if (tracked != null) {
                    tracked.remove(client);
                }
            }
        }
    }

    /**
     * Writes request after request upstream while the response direction is spliced back. Ends when either side
     * ends; a later request routed elsewhere or no longer authorised ends the connection (the client retries on a
     * new one and gets its answer there).
     */
    private void relay(Connection client, ClientInput input, Connection upstream, RequestHead first,
            ProxyTarget target, Framing firstFraming, String previewId) {
        Future<?> responses = ProxySockets.background(() -> {
            upstream.pumpTo(client);
            client.abort(); // the space ended the exchange: wake the request side so both end
        });
        try {
            RequestHead head = first;
            Framing framing = firstFraming;
            while (true) {
                forwardHeaders(head, target, client);
                upstream.write(head.bytes());
                if (head.upgrade()) {
                    byte[] early = input.takeBuffered();
                    upstream.write(early);
                    client.pumpTo(upstream);
                    break;
                }
                framing.copy(input, upstream);
                if (target.pathBased()) {
                    break; // Connection: close went upstream; the space ends the exchange after its answer
                }
                RequestHead next = input.readHead(0);
                if (next == null) {
                    upstream.shutdownOutput();
                    break;
                }
                ProxyTarget nextTarget = route(next);
                if (!nextTarget.sameAs(target)
                        || !(gate.decide(nextTarget, next) instanceof ProxyGate.Allow allow)) {
                    throw new ProxyRefusal(400, "A kept-alive connection stays with the port it was opened for.");
                }
                if (allow.previewId() != null && !allow.previewId().equals(previewId)) {
                    track(allow.previewId(), client);
                }
                head = next;
                target = nextTarget;
                framing = Framing.of(next);
            }
        } catch (IOException | RuntimeException ended) {
            client.abort();
            upstream.abort();
        }
        try {
            responses.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException impossible) {
            // pumpTo handles its own failures
        }
    }

    private ProxyTarget route(RequestHead head) {
        return ProxyTarget.route(head.hostName(), head.target(), domain).orElseThrow(() -> new ProxyRefusal(404,
                "This is warren's port proxy: open a port as http://<port>-<space id>." + domain + "/ or as"
                        + " /spaces/<space id>/ports/<port>/ here."));
    }

    private void forwardHeaders(RequestHead head, ProxyTarget target, Connection client) {
        InetSocketAddress peer = client.remoteAddress();
        String forwardedFor = head.header("X-Forwarded-For");
        if (peer != null) {
            String address = peer.getAddress().getHostAddress();
            head.set("X-Forwarded-For", forwardedFor == null ? address : forwardedFor + ", " + address);
        }
        if (head.header("X-Forwarded-Proto") == null) {
            head.set("X-Forwarded-Proto", scheme);
        }
        if (head.header("X-Forwarded-Host") == null && head.header("Host") != null) {
            head.set("X-Forwarded-Host", head.header("Host"));
        }
        if (target.pathBased()) {
            head.set("X-Forwarded-Prefix", target.prefix());
            if (!head.upgrade()) {
                head.remove("Keep-Alive");
                head.set("Connection", "close");
            }
        }
        head.target(target.upstreamTarget());
    }

    private void requireRunning(Space space) {
        if (space.state() == SpaceState.PAUSED) {
            Optional<String> refusal = wake.wake(space);
            if (refusal.isPresent()) {
                throw new ProxyRefusal(503, refusal.get());
            }
            return;
        }
        if (space.state() != SpaceState.RUNNING) {
            String state = space.state().name().toLowerCase(java.util.Locale.ROOT);
            throw new ProxyRefusal(502, "Space " + space.name() + " is " + state + "; start it to reach its ports.");
        }
    }

    private static ProxyRefusal unreachable(Space space, int port, IOException failure) {
        return switch (failure) {
            case ConnectException refused -> new ProxyRefusal(502, "Nothing listens on port " + port + " of space "
                    + space.name() + " (connection refused). A service must listen on the container's address"
                    + " (0.0.0.0), not only on 127.0.0.1.");
            case SocketTimeoutException slow -> new ProxyRefusal(504, "Port " + port + " of space " + space.name()
                    + " did not accept a connection in time.");
            default -> new ProxyRefusal(502, "Space " + space.name() + " cannot be reached on port " + port + ": "
                    + (failure.getMessage() == null ? "it is not running" : failure.getMessage()));
        };
    }

    private void track(String previewId, Connection client) {
        if (previewId != null) {
            byPreview.computeIfAbsent(previewId, id -> ConcurrentHashMap.newKeySet()).add(client);
        }
    }

    /** Connections being relayed now (tests). */
    int openConnections() {
        return open.size();
    }

    @Override
    public void close() {
        listener.close();
        open.forEach(Connection::abort);
        LOG.debug("Port proxy closed.");
    }
}
