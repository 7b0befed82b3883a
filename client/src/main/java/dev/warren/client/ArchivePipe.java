package dev.warren.client;

import dev.warren.client.transfer.DirectoryArchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tar written by one thread and read by another through a small bounded queue (at most ~2 MiB in flight). Unlike
 * the JDK's piped streams it does not care which threads read (the HTTP client reads on its own pool); a reader
 * that closes early stops the writer; a writer that fails makes the reader fail with its error.
 */
final class ArchivePipe {
    private static final byte[] END = new byte[0];
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(32);
    private volatile boolean readerClosed;
    private volatile IOException failure;

    /** Writes the whole tar into the pipe; runs on the writer's thread. */
    void fill(DirectoryArchive archive) {
        try (OutputStream out = new java.io.BufferedOutputStream(writer(), 64 * 1024)) {
            archive.writeTo(out);
        } catch (IOException error) {
            failure = error;
        } finally {
            put(END);
        }
    }

    private OutputStream writer() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0 && !put(Arrays.copyOfRange(bytes, offset, offset + length))) {
                    throw new IOException("The reader of the archive stopped.");
                }
            }
        };
    }

    /** Queues a chunk; false once the reader closed (the writer should stop). */
    private boolean put(byte[] chunk) {
        try {
            while (!readerClosed) {
                if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    InputStream reader() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        current = chunks.take();
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("Interrupted while building the archive.");
                    }
                    position = 0;
                    if (current == END) {
                        ended = true;
                        if (failure != null) {
                            throw failure;
                        }
                    }
                }
                int count = Math.min(length, current.length - position);
                System.arraycopy(current, position, buffer, offset, count);
                position += count;
                return count;
            }

            @Override
            public void close() {
                readerClosed = true;
                chunks.clear();
            }
        };
    }
}
