package dev.warren.server.forward;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The C library calls of the zero-copy relay ({@link NativeSockets}, {@link SpliceRelay}), as FFM downcalls that
 * capture errno. Every handle is resolved once; a missing symbol leaves {@link #AVAILABLE} false and the forward
 * layer falls back to JDK channels. None of these calls is marked critical: most of them block.
 */
final class Libc {
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ECONNABORTED = 103;
    static final int EINPROGRESS = 115;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;

    private static final Linker LINKER = Linker.nativeLinker();
    static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final AddressLayout ADDRESS = ValueLayout.ADDRESS;

    static final MethodHandle SOCKET = find("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    static final MethodHandle BIND = find("bind", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    static final MethodHandle LISTEN = find("listen", FunctionDescriptor.of(INT, INT, INT));
    static final MethodHandle ACCEPT4 = find("accept4", FunctionDescriptor.of(INT, INT, ADDRESS, ADDRESS, INT));
    static final MethodHandle CONNECT = find("connect", FunctionDescriptor.of(INT, INT, ADDRESS, INT));
    static final MethodHandle GETSOCKNAME = find("getsockname", FunctionDescriptor.of(INT, INT, ADDRESS, ADDRESS));
    static final MethodHandle GETPEERNAME = find("getpeername", FunctionDescriptor.of(INT, INT, ADDRESS, ADDRESS));
    static final MethodHandle SETSOCKOPT = find("setsockopt",
            FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, INT));
    static final MethodHandle SHUTDOWN = find("shutdown", FunctionDescriptor.of(INT, INT, INT));
    // recv/send: the port URL proxy reads a request head and writes it on (ProxySockets), then splices
    static final MethodHandle RECV = find("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG, INT, ADDRESS,
            ValueLayout.JAVA_LONG, INT));
    static final MethodHandle SEND = find("send", FunctionDescriptor.of(ValueLayout.JAVA_LONG, INT, ADDRESS,
            ValueLayout.JAVA_LONG, INT));
    static final MethodHandle CLOSE = find("close", FunctionDescriptor.of(INT, INT));
    static final MethodHandle PIPE2 = find("pipe2", FunctionDescriptor.of(INT, ADDRESS, INT));
    static final MethodHandle FCNTL = find("fcntl", FunctionDescriptor.of(INT, INT, INT, INT),
            Linker.Option.firstVariadicArg(2));
    static final MethodHandle SPLICE = find("splice", FunctionDescriptor.of(ValueLayout.JAVA_LONG, INT, ADDRESS,
            INT, ADDRESS, ValueLayout.JAVA_LONG, INT));
    private static final MethodHandle STRERROR = LINKER.defaultLookup().find("strerror")
            .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(ADDRESS.withTargetLayout(
                    MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)), INT))).orElse(null);

    /** Whether every call above resolved (Linux with glibc or musl); probed once, it cannot change. */
    static final boolean AVAILABLE = System.getProperty("os.name", "").startsWith("Linux") && SOCKET != null
            && BIND != null && LISTEN != null && ACCEPT4 != null && CONNECT != null && GETSOCKNAME != null
            && SETSOCKOPT != null
            && SHUTDOWN != null && CLOSE != null && PIPE2 != null && FCNTL != null && SPLICE != null
            && RECV != null && SEND != null && GETPEERNAME != null;

    private Libc() {}

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** An IOException naming the call and errno; {@code result} is returned when it is not negative. */
    static int check(int result, MemorySegment state, String what) throws IOException {
        if (result < 0) {
            throw failure(errno(state), what);
        }
        return result;
    }

    static IOException failure(int errno, String what) {
        String text = describe(errno);
        return switch (errno) {
            case EADDRINUSE, EADDRNOTAVAIL -> new java.net.BindException(text);
            case 111 -> new java.net.ConnectException(what + ": " + text);
            case 113, 101 -> new java.net.NoRouteToHostException(what + ": " + text);
            default -> new IOException(what + ": " + text);
        };
    }

    /** close(2), errors ignored: the fd is released either way. */
    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable ignored) {
            // nothing useful to do: the fd is gone either way
        }
    }

    /** shutdown(2), errors ignored (ENOTCONN once the peer is gone is expected). */
    static void shutdown(int fd, int how) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) SHUTDOWN.invokeExact(arena.allocate(CALL_STATE), fd, how);
        } catch (Throwable ignored) {
            // best effort: the socket is going away
        }
    }

    /** Re-throws what a downcall may throw; anything else is wrapped. */
    static IOException unexpected(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof IOException io ? io : new IOException(failure);
    }

    private static String describe(int errno) {
        try {
            if (STRERROR != null) {
                return ((MemorySegment) STRERROR.invokeExact(errno)).getString(0) + " (errno " + errno + ")";
            }
        } catch (Throwable unavailable) {
            // fall through to the bare number
        }
        return "errno " + errno;
    }

    /** The downcall, or null when the C library lacks {@code name} (then {@link #AVAILABLE} is false). */
    private static MethodHandle find(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(options, 0, all, 1, options.length);
        SymbolLookup libc = LINKER.defaultLookup();
        Optional<MemorySegment> symbol = libc.find(name);
        return symbol.map(address -> LINKER.downcallHandle(address, descriptor, all)).orElse(null);
    }
}
