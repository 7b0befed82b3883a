package dev.warren.server.ports;

import dev.warren.server.forward.ProxySockets.Connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * What a client sends on one connection, buffered: request heads (bounded in size and, for the first, in time) and
 * the bytes after them (bodies, the next request), which belong to the stream and are passed on, never dropped.
 * Not thread-safe: the connection's request thread alone reads.
 */
final class ClientInput {
    private final Connection connection;
    private final byte[] buffer = new byte[RequestHead.MAX_BYTES];
    private int start;
    private int end;

    ClientInput(Connection connection) {
        this.connection = connection;
    }

    /**
     * The next request head, or null at end of stream before its first byte.
     *
     * @param timeoutMillis the whole head must arrive within this time; 0 waits as long as it takes
     * @throws ProxyRefusal 408 when it does not arrive in time, 431 when it is too large, 400 when malformed or
     *                      cut short
     */
    RequestHead readHead(int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int scanned = start;
        while (true) {
            while (start < end && (buffer[start] == '\r' || buffer[start] == '\n')) {
                start++; // empty lines before a request line are ignored (RFC 9112, 2.2)
            }
            int blank = blankLine(scanned);
            if (blank >= 0) {
                RequestHead head = RequestHead.parse(java.util.Arrays.copyOfRange(buffer, start, blank), blank - start);
                start = blank;
                return head;
            }
            scanned = Math.max(start, end - 3);
            if (start > 0) {
                compact();
                scanned = Math.max(0, end - 3);
            }
            if (end == buffer.length) {
                throw new ProxyRefusal(431, "The request head is larger than " + RequestHead.MAX_BYTES / 1024
                        + " KiB.");
            }
            int wait = 0;
            if (timeoutMillis > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new ProxyRefusal(408, "The request head did not arrive within " + timeoutMillis / 1000
                            + " s.");
                }
                wait = (int) Math.max(1, left);
            }
            int read;
            try {
                read = connection.read(buffer, end, buffer.length - end, wait);
            } catch (SocketTimeoutException slow) {
                throw new ProxyRefusal(408, "The request head did not arrive within " + timeoutMillis / 1000 + " s.");
            }
            if (read < 0) {
                if (end == start) {
                    return null;
                }
                throw new ProxyRefusal(400, "The connection ended in the middle of a request head.");
            }
            end += read;
        }
    }

    /** Up to {@code length} bytes: buffered ones first, then from the connection; -1 at end of stream. */
    int read(byte[] into, int offset, int length) throws IOException {
        if (start < end) {
            int count = Math.min(length, end - start);
            System.arraycopy(buffer, start, into, offset, count);
            start += count;
            return count;
        }
        return connection.read(into, offset, length, 0);
    }

    /** Bytes already received beyond what was consumed (they go upstream before a raw relay begins). */
    byte[] takeBuffered() {
        byte[] rest = java.util.Arrays.copyOfRange(buffer, start, end);
        start = end;
        return rest;
    }

    /** One line of a chunked body, with its line ending, as Latin-1; refuses lines over 8 KiB. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        while (line.length() < 8192) {
            if (read(one, 0, 1) < 0) {
                throw new IOException("The connection ended inside a chunked body.");
            }
            line.append((char) (one[0] & 0xff));
            if (one[0] == '\n') {
                return line.toString();
            }
        }
        throw new IOException("A line of the chunked body is longer than 8 KiB.");
    }

    /** Index just past the first blank line at or after {@code from}, or -1. */
    private int blankLine(int from) {
        for (int i = Math.max(start, from); i < end; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i + 1 < end && buffer[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private void compact() {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
