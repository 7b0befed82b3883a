package dev.warren.server.forward;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Zero-copy relay: each direction moves bytes socket → pipe → socket with {@code splice(2)}, so they never enter
 * user space (the copying {@link Relay} reads them into a buffer and writes them out again, which on a CPU-bound
 * host is most of the cost of a forward). End of stream is passed on as a half-close ({@code shutdown(SHUT_WR)})
 * and the other direction goes on; an error aborts both. Runs on the calling thread plus one pooled platform
 * thread from {@link Relay#THREADS} (splice blocks in the kernel: a virtual thread would pin its carrier).
 * A forward that stops aborts the sockets ({@code shutdown(SHUT_RDWR)}), which wakes blocked splice calls.
 */
final class SpliceRelay {
    /** Bytes moved per splice and the pipe's capacity: bigger pipes mean fewer calls per megabyte. */
    static final int PIPE_BYTES = 1 << 20;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SPLICE_F_MOVE = 1;

    private SpliceRelay() {}

    /** Whether the C library has every call and the kernel gives a pipe; checked once per {@link Forwarding}. */
    static boolean available() {
        if (!Libc.AVAILABLE) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            int[] pipe = pipe(arena, arena.allocate(Libc.CALL_STATE));
            Libc.close(pipe[0]);
            Libc.close(pipe[1]);
            return true;
        } catch (IOException | RuntimeException unavailable) {
            return false;
        }
    }

    /** Blocks until the connection is over; always closes both sockets. */
    static void run(NativeSockets.Fd client, NativeSockets.Fd upstream) {
        try {
            NativeSockets.noDelay(client.fd);
            NativeSockets.noDelay(upstream.fd);
            Future<?> back = Relay.THREADS.submit(() -> direction(upstream, client));
            direction(client, upstream);
            back.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (IOException | ExecutionException | RuntimeException failed) {
            // the peer went away before the relay started, or direction() failed unexpectedly: end both
        } finally {
            client.abort();
            upstream.abort();
            client.close();
            upstream.close();
        }
    }

    /** One direction: on end of stream half-closes {@code to}; on error aborts both so the other side ends. */
    static void direction(NativeSockets.Fd from, NativeSockets.Fd to) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CALL_STATE);
            int[] pipe = pipe(arena, state);
            try {
                long chunk = pipeSize(state, pipe[1]);
                while (true) {
                    long filled = splice(state, from.fd, pipe[1], chunk);
                    if (filled == 0) {
                        break; // end of stream, and the pipe is empty: every byte read was written
                    }
                    while (filled > 0) {
                        filled -= splice(state, pipe[0], to.fd, filled);
                    }
                }
                to.shutdownOutput();
            } finally {
                Libc.close(pipe[0]);
                Libc.close(pipe[1]);
            }
        } catch (IOException broken) {
            from.abort();
            to.abort();
        }
    }

    /** splice(2) of up to {@code length} bytes, retried on EINTR; never 0 unless {@code in} is at end of stream. */
    private static long splice(MemorySegment state, int in, int out, long length) throws IOException {
        try {
            while (true) {
                long moved = (long) Libc.SPLICE.invokeExact(state, in, MemorySegment.NULL, out, MemorySegment.NULL,
                        length, SPLICE_F_MOVE);
                if (moved >= 0) {
                    return moved;
                }
                int errno = Libc.errno(state);
                if (errno != Libc.EINTR) {
                    throw Libc.failure(errno, "splice");
                }
            }
        } catch (Throwable failed) {
            throw Libc.unexpected(failed);
        }
    }

    /** A blocking pipe pair, {read, write}; both close-on-exec. */
    private static int[] pipe(Arena arena, MemorySegment state) throws IOException {
        MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
        try {
            Libc.check((int) Libc.PIPE2.invokeExact(state, fds, O_CLOEXEC), state, "pipe2");
        } catch (Throwable failed) {
            throw Libc.unexpected(failed);
        }
        return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
    }

    /** Grows the pipe to {@link #PIPE_BYTES}; keeps the default (64 KiB) where the limit forbids it. */
    private static long pipeSize(MemorySegment state, int writeEnd) {
        try {
            int size = (int) Libc.FCNTL.invokeExact(state, writeEnd, F_SETPIPE_SZ, PIPE_BYTES);
            return size > 0 ? size : 64 * 1024;
        } catch (Throwable failed) {
            return 64 * 1024;
        }
    }
}
