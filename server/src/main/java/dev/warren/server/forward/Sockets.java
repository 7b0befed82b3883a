package dev.warren.server.forward;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * How the forward layer opens and relays sockets. Two implementations: {@link NativeSockets} (sockets made with
 * FFM so their fds are known, relayed with {@code splice(2)} inside the kernel) and {@link JdkSockets} (JDK
 * channels and the buffer-copying {@link Relay}), the fallback where splice is unavailable. One instance serves a
 * whole {@link Forwarding}, so listeners, dialled connections and relays always match.
 */
interface Sockets {
    /** Listens on {@code address}; called on the thread that is inside the wanted network namespace. */
    Listening listen(InetSocketAddress address, int backlog) throws IOException;

    /** Connects to {@code address}, failing after {@code timeoutMillis}. */
    Link connect(InetSocketAddress address, int timeoutMillis) throws IOException;

    /** The zero-copy sockets where the kernel and the C library allow them, else the JDK's. */
    static Sockets best() {
        return SpliceRelay.available() ? new NativeSockets() : new JdkSockets();
    }

    /** A listening socket. */
    interface Listening extends AutoCloseable {
        /** Blocks until a connection arrives; fails once {@link #abort()} or {@link #close()} ran. */
        Link accept() throws IOException;

        /** Where it listens (the port chosen when 0 was asked for). */
        InetSocketAddress localAddress() throws IOException;

        /** Wakes a blocked {@link #accept()} from another thread; the accepting thread then closes. */
        void abort();

        @Override
        void close();
    }

    /** A connected socket. */
    interface Link extends AutoCloseable {
        /**
         * Relays bytes both ways with {@code upstream} (of the same implementation) until both directions end:
         * end of stream is passed on as a half-close, an error aborts both. Blocks; closes both before returning.
         */
        void relayWith(Link upstream);

        /**
         * Reads up to {@code length} bytes, waiting at most {@code timeoutMillis} (0: no limit); -1 at end of
         * stream. Blocks.
         *
         * @throws java.net.SocketTimeoutException when nothing arrived in time
         */
        int read(byte[] into, int offset, int length, int timeoutMillis) throws IOException;

        /** Writes every byte of the range. Blocks. */
        void write(byte[] from, int offset, int length) throws IOException;

        /**
         * Copies bytes from this connection to {@code to} (of the same implementation) until end of stream, then
         * half-closes {@code to}; an error aborts both. Blocks; closes neither.
         */
        void pumpTo(Link to);

        /** The local end of the connection (address and port), as {@code getsockname(2)} reports it. */
        InetSocketAddress localAddress() throws IOException;

        /** The far end of the connection, as {@code getpeername(2)} reports it. */
        InetSocketAddress remoteAddress() throws IOException;

        /** Half-close: the peer reads end of stream; reading goes on. */
        void shutdownOutput();

        /** Ends the connection from another thread, waking blocked reads and writes; safe after close. */
        void abort();

        @Override
        void close();
    }
}
