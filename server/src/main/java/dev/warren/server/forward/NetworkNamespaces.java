package dev.warren.server.forward;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Opens listening sockets inside another process's network namespace. All work runs on one dedicated platform
 * thread: it enters the namespace of {@code /proc/<pid>/ns/net} with {@code setns(fd, CLONE_NEWNET)}, binds, and
 * returns to the host namespace (an fd of its own namespace, opened at start-up). A socket belongs to the namespace
 * it was created in for its whole life, so it can then be used from any thread. If the thread cannot return home it
 * is retired and a fresh one takes over, so no other code ever runs in a space's namespace.
 *
 * <p>Thread-safe; blocking (one bind at a time, each a few hundred microseconds). Linux only; needs CAP_SYS_ADMIN.
 */
final class NetworkNamespaces implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SETNS = downcall("setns",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(256,
                    ValueLayout.JAVA_BYTE)), ValueLayout.JAVA_INT));

    private final Object lock = new Object();
    private final Sockets sockets;
    private ExecutorService thread;
    private volatile int homeFd = -1;

    /** Starts the dedicated thread and remembers its (the host's) network namespace. */
    NetworkNamespaces(Sockets sockets) {
        this.sockets = sockets;
        replaceThread();
    }

    /**
     * Binds one listening socket per address inside the network namespace of process {@code pid}. Addresses that
     * cannot be bound because their family is unavailable there (e.g. {@code ::1} with IPv6 disabled) are skipped,
     * unless none can be bound.
     *
     * @throws java.net.BindException when the port is in use in that namespace
     * @throws IOException            when the namespace cannot be entered (the process is gone) or nothing binds
     */
    List<Sockets.Listening> bind(long pid, List<InetSocketAddress> addresses) throws IOException {
        Future<List<Sockets.Listening>> result;
        synchronized (lock) {
            if (thread == null) {
                throw new IOException("The network namespace helper is closed.");
            }
            result = thread.submit(() -> bindInside(pid, addresses));
        }
        try {
            return result.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while binding in a space's network namespace.", interrupted);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(failed.getCause().getMessage(), failed.getCause());
        }
    }

    /** Runs on the dedicated thread only. */
    private List<Sockets.Listening> bindInside(long pid, List<InetSocketAddress> addresses) throws IOException {
        List<Sockets.Listening> bound = new ArrayList<>();
        try {
            return bindAll(pid, addresses, bound);
        } catch (IOException | RuntimeException failure) {
            bound.forEach(NetworkNamespaces::closeQuietly);
            throw failure;
        }
    }

    private List<Sockets.Listening> bindAll(long pid, List<InetSocketAddress> addresses,
            List<Sockets.Listening> bound) throws IOException {
        int target = open("/proc/" + pid + "/ns/net");
        try {
            enter(target, "the network namespace of process " + pid);
            try {
                IOException firstFailure = null;
                for (InetSocketAddress address : addresses) {
                    Sockets.Listening channel = null;
                    try {
                        channel = sockets.listen(address, 128);
                        bound.add(channel);
                    } catch (java.net.BindException inUse) {
                        closeQuietly(channel);
                        if (inUse.getMessage() != null && inUse.getMessage().contains("in use")) {
                            throw inUse;
                        }
                        firstFailure = firstFailure == null ? inUse : firstFailure;
                    } catch (IOException | UnsupportedOperationException unavailable) {
                        closeQuietly(channel);
                        firstFailure = firstFailure == null ? asIo(unavailable) : firstFailure;
                    }
                }
                if (bound.isEmpty()) {
                    throw firstFailure != null ? firstFailure : new IOException("No address to bind.");
                }
                return bound;
            } finally {
                goHome();
            }
        } finally {
            closeFd(target);
        }
    }

    private void goHome() {
        try {
            enter(homeFd, "the host network namespace");
        } catch (IOException stuck) {
            // Never let another task run in a space's namespace: retire this thread.
            synchronized (lock) {
                ExecutorService retired = thread;
                replaceThread();
                retired.shutdown();
            }
            throw new IllegalStateException("Could not return to the host network namespace: "
                    + stuck.getMessage(), stuck);
        }
    }

    private void replaceThread() {
        ExecutorService fresh = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("warren-netns").daemon(true).factory());
        try {
            int fd = fresh.submit(() -> open("/proc/thread-self/ns/net")).get();
            int previous = homeFd;
            homeFd = fd;
            if (previous >= 0) {
                closeFd(previous);
            }
        } catch (InterruptedException | ExecutionException failed) {
            fresh.shutdownNow();
            throw new IllegalStateException("Cannot open the host network namespace: " + failed.getMessage(), failed);
        }
        thread = fresh;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (thread != null) {
                thread.shutdownNow();
                thread = null;
                closeFd(homeFd);
                homeFd = -1;
            }
        }
    }

    // ---- native calls ----

    private static int open(String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("Cannot open " + path + ": " + describe(errno(state)));
            }
            return fd;
        } catch (IOException | RuntimeException | Error rethrown) {
            throw rethrown;
        } catch (Throwable unexpected) {
            throw new IOException(unexpected);
        }
    }

    private static void enter(int fd, String what) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int result = (int) SETNS.invokeExact(state, fd, CLONE_NEWNET);
            if (result != 0) {
                throw new IOException("Cannot enter " + what + ": " + describe(errno(state)));
            }
        } catch (IOException | RuntimeException | Error rethrown) {
            throw rethrown;
        } catch (Throwable unexpected) {
            throw new IOException(unexpected);
        }
    }

    private static void closeFd(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
        } catch (Throwable ignored) {
            // nothing useful to do: the fd is gone either way
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.getString(0) + " (errno " + errno + ")";
        } catch (Throwable unavailable) {
            return "errno " + errno;
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(options, 0, all, 1, options.length);
        SymbolLookup libc = LINKER.defaultLookup();
        return LINKER.downcallHandle(libc.find(name).orElseThrow(() ->
                new IllegalStateException("The C library has no " + name + "().")), descriptor, all);
    }

    private static IOException asIo(Exception error) {
        return error instanceof IOException io ? io : new IOException(error.getMessage(), error);
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
    }
}
