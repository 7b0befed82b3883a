package dev.warren.server.forward;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.spaces.SpaceEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The forwarder's socket machinery for the port URL proxy ({@code dev.warren.server.ports}): a listener on the host,
 * connections that can be read and written (the proxy reads a request head and writes it on), then spliced one
 * direction at a time ({@link Connection#pumpTo}: zero-copy {@code splice(2)} where available), and dialling a
 * space's port at its address on the engine network. Addresses are cached per space and forgotten on each of its
 * state changes. Blocking calls run on platform threads (a blocking native call would pin a virtual thread's carrier).
 * Thread-safe.
 */
public final class ProxySockets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySockets.class);

    private final Sockets sockets;
    private final SpaceAddresses addresses;
    private final Runnable unsubscribe;

    private ProxySockets(Sockets sockets, SpaceAddresses addresses, Runnable unsubscribe) {
        this.sockets = sockets;
        this.addresses = addresses;
        this.unsubscribe = unsubscribe;
    }

    /** The best sockets this host allows, dialling spaces of {@code runtime}, following {@code events}. */
    public static ProxySockets start(SpaceRuntime runtime, SpaceEvents events) {
        Sockets sockets = Sockets.best();
        SpaceAddresses addresses = new SpaceAddresses(runtime, sockets);
        Runnable unsubscribe = events.subscribe(change -> addresses.forget(change.space().id()));
        return new ProxySockets(sockets, addresses, unsubscribe);
    }

    /**
     * Listens on {@code address} and hands each accepted connection to {@code handler} on a pooled platform thread;
     * the handler owns (and closes) it. Beyond {@code maxConnections} at once, new connections are closed at once.
     */
    public Listener listen(InetSocketAddress address, int maxConnections, Consumer<Connection> handler)
            throws IOException {
        Sockets.Listening socket = sockets.listen(address, 1024);
        Listener listener = new Listener(socket, new Semaphore(maxConnections), handler);
        Thread.ofPlatform().name("warren-port-proxy-accept").daemon(true).stackSize(256 * 1024)
                .start(listener::acceptLoop);
        return listener;
    }

    /**
     * Connects to {@code port} of the running space.
     *
     * @throws IOException when the space does not run, or nothing listens on the port (refused, unreachable)
     */
    public Connection dial(String spaceId, int port) throws IOException {
        return new Connection(addresses.dial(spaceId, port));
    }

    /** Runs {@code task} on a pooled platform thread (a relay's other direction). */
    public static Future<?> background(Runnable task) {
        return Relay.THREADS.submit(task);
    }

    @Override
    public void close() {
        unsubscribe.run();
    }

    @Override
    public String toString() {
        return sockets.toString();
    }

    /** A listening socket and its accept loop. {@link #close()} stops accepting; open connections go on. */
    public static final class Listener implements AutoCloseable {
        private final Sockets.Listening socket;
        private final Semaphore permits;
        private final Consumer<Connection> handler;
        private final int port;
        private volatile boolean closed;

        private Listener(Sockets.Listening socket, Semaphore permits, Consumer<Connection> handler)
                throws IOException {
            this.socket = socket;
            this.permits = permits;
            this.handler = handler;
            this.port = socket.localAddress().getPort();
        }

        /** The port it listens on. */
        public int port() {
            return port;
        }

        private void acceptLoop() {
            try (socket) {
                while (!closed) {
                    Sockets.Link link;
                    try {
                        link = socket.accept();
                    } catch (IOException stopped) {
                        if (!closed) {
                            LOG.warn("The port proxy stopped accepting: {}", stopped.getMessage());
                        }
                        return;
                    }
                    if (!permits.tryAcquire()) {
                        link.close();
                        continue;
                    }
                    Relay.THREADS.execute(() -> {
                        try (Connection connection = new Connection(link)) {
                            handler.accept(connection);
                        } catch (RuntimeException failed) {
                            LOG.warn("A port proxy connection failed: {}", failed.toString());
                        } finally {
                            permits.release();
                        }
                    });
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            socket.abort();
        }
    }

    /**
     * One connection (a client's, or one dialled to a space). Reads and writes block; {@link #abort()} may be
     * called from any thread and wakes them; only the owning thread closes it.
     */
    public static final class Connection implements AutoCloseable {
        private final Sockets.Link link;

        private Connection(Sockets.Link link) {
            this.link = link;
        }

        /** Up to {@code length} bytes, waiting at most {@code timeoutMillis} (0: no limit); -1 at end of stream. */
        public int read(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
            return link.read(into, offset, length, timeoutMillis);
        }

        public void write(byte[] bytes) throws IOException {
            link.write(bytes, 0, bytes.length);
        }

        public void write(byte[] bytes, int offset, int length) throws IOException {
            link.write(bytes, offset, length);
        }

        /** Copies everything this connection receives to {@code to} until end of stream, then half-closes it. */
        public void pumpTo(Connection to) {
            link.pumpTo(to.link);
        }

        /** The peer's address, or null when the connection is already gone. */
        public InetSocketAddress remoteAddress() {
            try {
                return link.remoteAddress();
            } catch (IOException gone) {
                return null;
            }
        }

        public void shutdownOutput() {
            link.shutdownOutput();
        }

        /** Ends the connection from another thread; safe after close. */
        public void abort() {
            link.abort();
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
