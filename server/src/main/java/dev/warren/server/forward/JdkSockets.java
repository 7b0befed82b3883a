package dev.warren.server.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * JDK channels relayed by {@link Relay}: the fallback when {@code splice(2)} is unavailable. JDK channels may be
 * closed from any thread (blocked calls then fail), so abort is close.
 */
final class JdkSockets implements Sockets {
    @Override
    public Listening listen(InetSocketAddress address, int backlog) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(address.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(address, backlog);
            return new Server(channel);
        } catch (IOException | RuntimeException failed) {
            channel.close();
            throw failed;
        }
    }

    @Override
    public Link connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, timeoutMillis);
            return new Channel(channel);
        } catch (IOException | RuntimeException failed) {
            channel.close();
            throw failed;
        }
    }

    @Override
    public String toString() {
        return "JDK channels (user-space copy)";
    }

    private record Server(ServerSocketChannel channel) implements Listening {
        @Override
        public Link accept() throws IOException {
            return new Channel(channel.accept());
        }

        @Override
        public InetSocketAddress localAddress() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void abort() {
            close();
        }

        @Override
        public void close() {
            NetworkNamespaces.closeQuietly(channel);
        }
    }

    private record Channel(SocketChannel channel) implements Link {
        @Override
        public void relayWith(Link upstream) {
            Relay.run(channel, ((Channel) upstream).channel);
        }

        @Override
        public InetSocketAddress localAddress() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public int read(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
            // the socket adaptor's stream honours SO_TIMEOUT on a blocking channel
            channel.socket().setSoTimeout(timeoutMillis);
            return channel.socket().getInputStream().read(into, offset, length);
        }

        @Override
        public void write(byte[] from, int offset, int length) throws IOException {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(from, offset, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public InetSocketAddress remoteAddress() throws IOException {
            return (InetSocketAddress) channel.getRemoteAddress();
        }

        @Override
        public void shutdownOutput() {
            try {
                channel.shutdownOutput();
            } catch (IOException closedAlready) {
                // the peer is gone: nothing left to half-close
            }
        }

        @Override
        public void pumpTo(Link to) {
            Relay.direction(channel, ((Channel) to).channel);
        }

        @Override
        public void abort() {
            close();
        }

        @Override
        public void close() {
            NetworkNamespaces.closeQuietly(channel);
        }
    }
}
