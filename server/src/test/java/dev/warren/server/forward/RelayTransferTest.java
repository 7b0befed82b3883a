package dev.warren.server.forward;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay of a forward on loopback, with no engine: both socket implementations (splice and the copying
 * fallback) carry 50 MB each way byte-identical, deliver a reply after the client half-closes, and close every
 * fd when the forward stops, waking relays blocked in the kernel.
 */
class RelayTransferTest {
    private static final int MEGABYTES = 50;
    /** Own threads: the common pool may have a single worker on 2 cores, and both ends block. */
    private static final java.util.concurrent.Executor THREADS = runnable -> Thread.ofPlatform().start(runnable);

    @ParameterizedTest
    @ValueSource(strings = {"splice", "jdk"})
    void fifty_megabytes_pass_intact_both_ways_and_the_reply_follows_a_half_close(String kind) throws Exception {
        Sockets sockets = sockets(kind);
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Forward listener = listen(sockets, target)) {
            // the target reads to end of stream (the client's half-close), then answers: digest, then 50 MB
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serveOnce(target), THREADS);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
                CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                    try {
                        send(client.getOutputStream(), 1);
                        client.shutdownOutput();
                    } catch (IOException failed) {
                        throw new IllegalStateException(failed);
                    }
                }, THREADS);
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] received = new byte[32];
                in.readFully(received);
                assertThat(received).as("digest of the 50 MB upload seen by the target").isEqualTo(expected(1));
                assertThat(digest(in)).as("digest of the 50 MB download").isEqualTo(expected(2));
                upload.join();
            }
            served.join();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"splice", "jdk"})
    void stopping_a_forward_ends_blocked_connections_and_closes_every_fd(String kind) throws Exception {
        Sockets sockets = sockets(kind);
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long before = openFds();
            Forward forward = listen(sockets, target);
            PortListener listener = forward.listener;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), forward.port());
                 Socket far = target.accept()) {
                PortForwardingContract.awaitCondition(() -> listener.activeConnections() == 2, "relay running");
                listener.close(); // both relay directions are blocked in the kernel, waiting for bytes
                client.setSoTimeout(10_000);
                assertThat(client.getInputStream().read()).as("the client sees the connection end").isEqualTo(-1);
                far.setSoTimeout(10_000);
                assertThat(far.getInputStream().read()).as("the target sees the connection end").isEqualTo(-1);
            }
            PortForwardingContract.awaitCondition(() -> listener.activeConnections() == 0, "no connection left");
            PortForwardingContract.awaitCondition(() -> openFds() <= before, () -> "fds back to " + before
                    + " (now " + openFds() + ")");
        }
    }

    private static Sockets sockets(String kind) {
        if (kind.equals("jdk")) {
            return new JdkSockets();
        }
        Assumptions.assumeTrue(SpliceRelay.available(), "splice(2) is not available here");
        return new NativeSockets();
    }

    /** A listener on a free loopback port (the FFM sockets cannot tell their port), relaying to the target. */
    private static Forward listen(Sockets sockets, ServerSocket target) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        InetSocketAddress far = new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort());
        InetSocketAddress near = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        return new Forward(port, new PortListener("test", List.of(sockets.listen(near, 16)),
                () -> sockets.connect(far, 5_000), 4).start());
    }

    private record Forward(int port, PortListener listener) implements AutoCloseable {
        @Override
        public void close() {
            listener.close();
        }
    }

    private static void serveOnce(ServerSocket target) {
        try (Socket socket = target.accept()) {
            byte[] got = digest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(got);
            send(out, 2);
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static void send(OutputStream out, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < MEGABYTES * 1_000_000; sent += chunk.length) {
            random.nextBytes(chunk);
            out.write(chunk, 0, Math.min(chunk.length, MEGABYTES * 1_000_000 - sent));
        }
        out.flush();
    }

    private static byte[] expected(long seed) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        send(new OutputStream() {
            @Override
            public void write(int b) {
                sha.update((byte) b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                sha.update(bytes, offset, length);
            }
        }, seed);
        return sha.digest();
    }

    private static byte[] digest(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = in.read(buffer)) >= 0; ) {
            sha.update(buffer, 0, read);
        }
        return sha.digest();
    }

    private static long openFds() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }
}
