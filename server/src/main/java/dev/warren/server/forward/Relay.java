package dev.warren.server.forward;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies bytes both ways between two connected sockets until both directions end. A direction ends at end of
 * stream, which is passed on as a half-close ({@code shutdownOutput}), so request/response protocols that close
 * their sending side keep working. An error in either direction aborts both. Runs on the calling thread plus one
 * pooled platform thread; closes both sockets before it returns. Buffers are direct and pooled.
 */
final class Relay {
    static final int BUFFER_BYTES = 128 * 1024;
    private static final BlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(64);
    /**
     * Relay threads are platform threads, reused: a blocking read on a platform thread wakes straight from the
     * socket, while a virtual thread goes through the poller for every short read, which costs about a third of
     * the throughput on a busy 2-core host. The number of threads is bounded by the connection limits.
     */
    static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newCachedThreadPool(
            Thread.ofPlatform().name("warren-relay-", 0).daemon(true).stackSize(256 * 1024).factory());

    private Relay() {}

    /** Blocks until the connection is over; always closes both channels. */
    static void run(SocketChannel client, SocketChannel upstream) {
        try {
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException closedAlready) {
            close(client, upstream);
            return;
        }
        java.util.concurrent.Future<?> back = THREADS.submit(() -> direction(upstream, client));
        direction(client, upstream);
        try {
            back.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException impossible) {
            // direction() catches its own failures
        } finally {
            close(client, upstream);
        }
    }

    /** One direction: on end of stream half-closes {@code to}; on error closes both so the other side ends. */
    static void direction(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = borrow();
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException broken) {
            close(from, to);
        } finally {
            giveBack(buffer);
        }
    }

    private static ByteBuffer borrow() {
        ByteBuffer buffer = POOL.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER_BYTES);
    }

    private static void giveBack(ByteBuffer buffer) {
        buffer.clear();
        POOL.offer(buffer);
    }

    static void close(AutoCloseable... channels) {
        for (AutoCloseable channel : channels) {
            NetworkNamespaces.closeQuietly(channel);
        }
    }
}
