package dev.warren.server.support;

import dev.warren.server.auth.SpaceOrigins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Stands in for a space's in-space API bridge where the runtime has none (the in-memory runtime) or where a test
 * wants the SDK on the host to speak as if from inside the space: a loopback listener that relays each connection
 * to the server over a connection of its own, registered in the server's {@link SpaceOrigins} as coming from the
 * space, exactly as the real bridge does. {@link #url()} is what {@code WARREN_SERVER} is inside the space.
 */
public final class BridgeStandIn implements AutoCloseable {
    private final ServerSocket listener;
    private final SpaceOrigins origins;
    private final int serverPort;
    private final String spaceId;

    private BridgeStandIn(ServerSocket listener, SpaceOrigins origins, int serverPort, String spaceId) {
        this.listener = listener;
        this.origins = origins;
        this.serverPort = serverPort;
        this.spaceId = spaceId;
    }

    /** A bridge for the space with id {@code spaceId} of {@code server}; close it after the test. */
    public static BridgeStandIn open(TestServer server, String spaceId) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            BridgeStandIn bridge = new BridgeStandIn(listener, server.server().spaceOrigins(), server.server().port(),
                    spaceId);
            Thread.ofVirtual().name("bridge-stand-in").start(bridge::acceptLoop);
            return bridge;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), serverPort);
             SpaceOrigins.Registration ignored = origins.register(
                     (InetSocketAddress) upstream.getLocalSocketAddress(), spaceId)) {
            Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
            copy(client, upstream);
            back.join();
        } catch (IOException | InterruptedException ended) {
            // the client or the server went away
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ended) {
            // either side closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
