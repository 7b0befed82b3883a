package dev.warren.server.forward;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The listening side of one forward: sockets bound inside a space (see {@link NetworkNamespaces}), an accept loop
 * per socket on a virtual thread, and a {@link Relay} per connection to whatever {@link Dialer} reaches. At most
 * {@code maxConnections} connections at once; more are closed as soon as they are accepted. {@link #close()} closes
 * the listening sockets and every connection. Thread-safe.
 */
final class PortListener implements AutoCloseable {
    /** Opens a fresh connection to the far end, or fails. Called once per accepted connection. */
    @FunctionalInterface
    interface Dialer {
        SocketChannel dial() throws IOException;
    }

    private final String name;
    private final List<ServerSocketChannel> sockets;
    private final Dialer dialer;
    private final Semaphore permits;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PortListener(String name, List<ServerSocketChannel> sockets, Dialer dialer, int maxConnections) {
        this.name = name;
        this.sockets = List.copyOf(sockets);
        this.dialer = dialer;
        this.permits = new Semaphore(maxConnections);
    }

    /** Starts accepting; returns at once. */
    PortListener start() {
        for (ServerSocketChannel socket : sockets) {
            Thread.ofVirtual().name("warren-accept-" + name).start(() -> acceptLoop(socket));
        }
        return this;
    }

    private void acceptLoop(ServerSocketChannel socket) {
        while (!closed) {
            SocketChannel client;
            try {
                client = socket.accept();
            } catch (IOException gone) {
                return; // closed (or the namespace went away): the forward's owner closes the rest
            }
            if (!permits.tryAcquire()) {
                Relay.close(client);
                continue;
            }
            Relay.THREADS.execute(() -> serve(client));
        }
    }

    private void serve(SocketChannel client) {
        SocketChannel upstream = null;
        try {
            if (!track(client)) {
                return;
            }
            upstream = dialer.dial();
            if (!track(upstream)) {
                return;
            }
            Relay.run(client, upstream);
        } catch (IOException | RuntimeException unreachable) {
            // the target is not running or refuses: the client sees the connection close
        } finally {
            Relay.close(client, upstream);
            connections.remove(client);
            if (upstream != null) {
                connections.remove(upstream);
            }
            permits.release();
        }
    }

    /** Registers a connection for {@link #close()}; false (and closed) if the listener is already closed. */
    private boolean track(SocketChannel channel) {
        connections.add(channel);
        if (closed) {
            Relay.close(channel);
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
        sockets.forEach(Relay::close);
        connections.forEach(Relay::close);
    }

    @Override
    public String toString() {
        return "listener " + name;
    }
}
