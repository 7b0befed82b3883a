package dev.warren.server.forward;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;

/**
 * Sockets made with FFM ({@code socket}, {@code bind}, {@code accept4}, {@code connect}) so their fds are known
 * and {@link SpliceRelay} can move bytes between them inside the kernel. The JDK offers no supported way to get
 * the fd of its channels, hence sockets of our own. All sockets are blocking and close-on-exec; every blocking
 * call runs on a platform thread (a virtual thread would pin its carrier for the whole call).
 */
final class NativeSockets implements Sockets {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_SNDTIMEO = 21;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_NODELAY = 1;
    static final int SHUT_WR = 1;
    static final int SHUT_RDWR = 2;
    private static final ValueLayout.OfShort NET_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Override
    public Listening listen(InetSocketAddress address, int backlog) throws IOException {
        Fd socket = open(address);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            // as the JDK does for server sockets: a restarted forward can rebind while old connections linger
            setInt(socket.fd, SOL_SOCKET, SO_REUSEADDR, 1);
            MemorySegment sockaddr = sockaddr(arena, address);
            Libc.check((int) Libc.BIND.invokeExact(state, socket.fd, sockaddr, (int) sockaddr.byteSize()), state,
                    "bind " + address);
            Libc.check((int) Libc.LISTEN.invokeExact(state, socket.fd, backlog), state, "listen " + address);
            return socket;
        } catch (Throwable failed) {
            socket.close();
            throw Libc.unexpected(failed);
        }
    }

    @Override
    public Link connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException(address.getHostString());
        }
        Fd socket = open(address);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            // SO_SNDTIMEO bounds a blocking connect (it fails with EINPROGRESS); reset after, or writes time out
            setTimeout(arena, socket.fd, timeoutMillis);
            MemorySegment sockaddr = sockaddr(arena, address);
            int result;
            do {
                result = (int) Libc.CONNECT.invokeExact(state, socket.fd, sockaddr, (int) sockaddr.byteSize());
            } while (result < 0 && Libc.errno(state) == Libc.EINTR);
            if (result < 0 && (Libc.errno(state) == Libc.EINPROGRESS || Libc.errno(state) == Libc.EAGAIN)) {
                throw new SocketTimeoutException("Connect to " + address + " timed out after " + timeoutMillis
                        + " ms.");
            }
            Libc.check(result, state, "connect " + address);
            setTimeout(arena, socket.fd, 0);
            return socket;
        } catch (Throwable failed) {
            socket.close();
            throw Libc.unexpected(failed);
        }
    }

    @Override
    public String toString() {
        return "FFM sockets with splice(2) (zero-copy)";
    }

    static void setInt(int fd, int level, int option, int value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            MemorySegment box = arena.allocateFrom(ValueLayout.JAVA_INT, value);
            Libc.check((int) Libc.SETSOCKOPT.invokeExact(state, fd, level, option, box, 4), state, "setsockopt");
        } catch (Throwable failed) {
            throw Libc.unexpected(failed);
        }
    }

    static void noDelay(int fd) throws IOException {
        setInt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
    }

    private static void setTimeout(Arena arena, int fd, int millis) throws Throwable {
        setTimeout(arena, fd, SO_SNDTIMEO, millis);
    }

    private static void setTimeout(Arena arena, int fd, int option, int millis) throws Throwable {
        MemorySegment state = arena.allocate(Libc.CALL_STATE);
        MemorySegment timeval = arena.allocate(16, 8); // struct timeval on 64-bit Linux: seconds, microseconds
        timeval.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
        timeval.set(ValueLayout.JAVA_LONG, 8, (millis % 1000) * 1000L);
        Libc.check((int) Libc.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, option, timeval, 16), state,
                "setsockopt timeout");
    }

    private static Fd open(InetSocketAddress address) throws IOException {
        int family = address.getAddress() instanceof Inet6Address ? AF_INET6 : AF_INET;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            return new Fd(Libc.check((int) Libc.SOCKET.invokeExact(state, family, SOCK_STREAM | SOCK_CLOEXEC, 0),
                    state, "socket"));
        } catch (Throwable failed) {
            throw Libc.unexpected(failed);
        }
    }

    /** struct sockaddr_in / sockaddr_in6, port and address in network order. */
    private static MemorySegment sockaddr(Arena arena, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        boolean v6 = ip.length == 16;
        MemorySegment sockaddr = arena.allocate(v6 ? 28 : 16, 4);
        sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) (v6 ? AF_INET6 : AF_INET));
        sockaddr.set(NET_SHORT, 2, (short) address.getPort());
        MemorySegment.copy(ip, 0, sockaddr, ValueLayout.JAVA_BYTE, v6 ? 8 : 4, ip.length);
        if (v6 && address.getAddress() instanceof Inet6Address scoped) {
            sockaddr.set(ValueLayout.JAVA_INT, 24, scoped.getScopeId());
        }
        return sockaddr;
    }

    /**
     * One socket fd. Closing and aborting share a lock so a shutdown from a stopping thread never reaches an fd
     * number that was closed and reused meanwhile; blocking calls hold no lock, and only the thread that owns
     * the socket closes it, after its blocking calls returned.
     */
    static final class Fd implements Listening, Link {
        final int fd;
        private boolean closed;
        /** The SO_RCVTIMEO now set, so a read sets it only when it changes; touched by the reading thread only. */
        private int readTimeout;

        Fd(int fd) {
            this.fd = fd;
        }

        @Override
        public Link accept() throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(Libc.CALL_STATE);
                while (true) {
                    int client = (int) Libc.ACCEPT4.invokeExact(state, fd, MemorySegment.NULL, MemorySegment.NULL,
                            SOCK_CLOEXEC);
                    if (client >= 0) {
                        return new Fd(client);
                    }
                    int errno = Libc.errno(state);
                    if (errno != Libc.EINTR && errno != Libc.ECONNABORTED) {
                        throw Libc.failure(errno, "accept"); // EINVAL after abort(): the listener stops
                    }
                }
            } catch (Throwable failed) {
                throw Libc.unexpected(failed);
            }
        }

        @Override
        public void relayWith(Link upstream) {
            SpliceRelay.run(this, (Fd) upstream);
        }

        @Override
        public int read(byte[] into, int offset, int length, int timeoutMillis) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                if (timeoutMillis != readTimeout) {
                    setTimeout(arena, fd, SO_RCVTIMEO, timeoutMillis);
                    readTimeout = timeoutMillis;
                }
                MemorySegment state = arena.allocate(Libc.CALL_STATE);
                MemorySegment buffer = arena.allocate(length);
                while (true) {
                    long got = (long) Libc.RECV.invokeExact(state, fd, buffer, (long) length, 0);
                    if (got >= 0) {
                        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, offset, (int) got);
                        return got == 0 ? -1 : (int) got;
                    }
                    int errno = Libc.errno(state);
                    if (errno == Libc.EAGAIN) {
                        throw new SocketTimeoutException("Nothing arrived within " + timeoutMillis + " ms.");
                    }
                    if (errno != Libc.EINTR) {
                        throw Libc.failure(errno, "recv");
                    }
                }
            } catch (Throwable failed) {
                throw Libc.unexpected(failed);
            }
        }

        @Override
        public void write(byte[] from, int offset, int length) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(Libc.CALL_STATE);
                MemorySegment buffer = arena.allocate(Math.max(1, length));
                MemorySegment.copy(from, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
                long sent = 0;
                while (sent < length) {
                    long moved = (long) Libc.SEND.invokeExact(state, fd, buffer.asSlice(sent), length - sent,
                            MSG_NOSIGNAL);
                    if (moved >= 0) {
                        sent += moved;
                    } else if (Libc.errno(state) != Libc.EINTR) {
                        throw Libc.failure(Libc.errno(state), "send");
                    }
                }
            } catch (Throwable failed) {
                throw Libc.unexpected(failed);
            }
        }

        @Override
        public void pumpTo(Link to) {
            if (readTimeout != 0) {
                try (Arena arena = Arena.ofConfined()) {
                    setTimeout(arena, fd, SO_RCVTIMEO, 0); // splice would fail with EAGAIN on an idle stream
                    readTimeout = 0;
                } catch (Throwable failed) {
                    abort();
                    to.abort();
                    return;
                }
            }
            SpliceRelay.direction(this, (Fd) to);
        }

        @Override
        public InetSocketAddress localAddress() throws IOException {
            return name(Libc.GETSOCKNAME, "getsockname");
        }

        @Override
        public InetSocketAddress remoteAddress() throws IOException {
            return name(Libc.GETPEERNAME, "getpeername");
        }

        private InetSocketAddress name(java.lang.invoke.MethodHandle call, String what) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(Libc.CALL_STATE);
                MemorySegment sockaddr = arena.allocate(28, 4); // room for sockaddr_in6
                MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, 28);
                Libc.check((int) call.invokeExact(state, fd, sockaddr, length), state, what);
                int family = sockaddr.get(ValueLayout.JAVA_SHORT, 0);
                int port = Short.toUnsignedInt(sockaddr.get(NET_SHORT, 2));
                byte[] ip = new byte[family == AF_INET6 ? 16 : 4];
                MemorySegment.copy(sockaddr, ValueLayout.JAVA_BYTE, family == AF_INET6 ? 8 : 4, ip, 0, ip.length);
                return new InetSocketAddress(java.net.InetAddress.getByAddress(ip), port);
            } catch (Throwable failed) {
                throw Libc.unexpected(failed);
            }
        }

        /** Half-close: the peer reads end of stream, the other direction goes on. */
        @Override
        public synchronized void shutdownOutput() {
            if (!closed) {
                Libc.shutdown(fd, SHUT_WR);
            }
        }

        /** shutdown(SHUT_RDWR) wakes every thread blocked in accept, splice or connect on this socket. */
        @Override
        public synchronized void abort() {
            if (!closed) {
                Libc.shutdown(fd, SHUT_RDWR);
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                Libc.close(fd);
            }
        }

        @Override
        public String toString() {
            return "socket fd " + fd;
        }
    }
}
