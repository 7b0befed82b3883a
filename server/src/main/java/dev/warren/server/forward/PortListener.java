package dev.warren.server.forward;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The listening side of one forward: sockets bound inside a space (see {@link NetworkNamespaces}), an accept loop
 * per socket on a platform thread (the accept may be a blocking native call, which would pin a virtual thread's
 * carrier), and a relay ({@link Sockets.Link#relayWith}) per connection to whatever {@link Dialer} reaches. At most
 * {@code maxConnections} connections at once; more are closed as soon as they are accepted. {@link #close()} closes
 * the listening sockets and every connection: it aborts them, which wakes the threads blocked on them, and those
 * threads close them. Thread-safe.
 */
final class PortListener implements AutoCloseable {
    /** Opens a fresh connection to the far end, or fails. Called once per accepted connection. */
    @FunctionalInterface
    interface Dialer {
        Sockets.Link dial() throws IOException;

        /** Called once the relay over {@code upstream} (from {@link #dial()}) ended, before it is closed. */
        default void ended(Sockets.Link upstream) {}
    }

    private final String name;
    private final List<Sockets.Listening> sockets;
    private final Dialer dialer;
    private final Semaphore permits;
    private final Set<Sockets.Link> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PortListener(String name, List<Sockets.Listening> sockets, Dialer dialer, int maxConnections) {
        this.name = name;
        this.sockets = List.copyOf(sockets);
        this.dialer = dialer;
        this.permits = new Semaphore(maxConnections);
    }

    /** Starts accepting; returns at once. */
    PortListener start() {
        for (Sockets.Listening socket : sockets) {
            Thread.ofPlatform().name("warren-accept-" + name).daemon(true).stackSize(256 * 1024)
                    .start(() -> acceptLoop(socket));
        }
        return this;
    }

    /** Owns the listening socket: closes it when the loop ends, so no other thread closes an fd in use. */
    private void acceptLoop(Sockets.Listening socket) {
        try (socket) {
            while (!closed) {
                Sockets.Link client;
                try {
                    client = socket.accept();
                } catch (IOException gone) {
                    return; // aborted (or the namespace went away): the forward's owner closes the rest
                }
                if (!permits.tryAcquire()) {
                    client.close();
                    continue;
                }
                Relay.THREADS.execute(() -> serve(client));
            }
        }
    }

    private void serve(Sockets.Link client) {
        Sockets.Link upstream = null;
        try {
            if (!track(client)) {
                return;
            }
            upstream = dialer.dial();
            if (!track(upstream)) {
                return;
            }
            client.relayWith(upstream);
        } catch (IOException | RuntimeException unreachable) {
            // the target is not running or refuses: the client sees the connection close
        } finally {
            client.close();
            if (upstream != null) {
                dialer.ended(upstream);
                upstream.close();
            }
            connections.remove(client);
            if (upstream != null) {
                connections.remove(upstream);
            }
            permits.release();
        }
    }

    /** Registers a connection for {@link #close()}; false (and closed) if the listener is already closed. */
    private boolean track(Sockets.Link channel) {
        connections.add(channel);
        if (closed) {
            channel.close();
            return false;
        }
        return true;
    }

    /** Connections being relayed now. */
    int activeConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        closed = true;
        sockets.forEach(Sockets.Listening::abort);
        connections.forEach(Sockets.Link::abort);
    }

    @Override
    public String toString() {
        return "listener " + name;
    }
}
