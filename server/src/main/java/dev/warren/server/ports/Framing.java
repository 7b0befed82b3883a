package dev.warren.server.ports;

import dev.warren.server.forward.ProxySockets.Connection;

import java.io.IOException;

/**
 * Where a request's body ends, so the next request on the connection is found (and authorised) and not mistaken
 * for body bytes: a {@code Content-Length}, a chunked body, or none. Requests whose framing is ambiguous are refused
 * rather than guessed at (both fields, differing lengths, an encoding other than chunked), because the space's
 * server might read them differently. Immutable.
 */
record Framing(long length, boolean chunked) {
    private static final int COPY_BYTES = 64 * 1024;

    /** @throws ProxyRefusal 400 or 501 for ambiguous or unsupported framing */
    static Framing of(RequestHead head) {
        java.util.List<String> lengths = head.headers("Content-Length");
        java.util.List<String> encodings = head.headers("Transfer-Encoding");
        if (!encodings.isEmpty()) {
            if (!lengths.isEmpty()) {
                throw new ProxyRefusal(400, "A request must not carry both Transfer-Encoding and Content-Length.");
            }
            if (encodings.size() != 1 || !encodings.getFirst().strip().equalsIgnoreCase("chunked")) {
                throw new ProxyRefusal(501, "The port proxy takes request bodies as 'Transfer-Encoding: chunked' or"
                        + " with a Content-Length, not '" + String.join(", ", encodings) + "'.");
            }
            return new Framing(0, true);
        }
        long length = 0;
        for (int i = 0; i < lengths.size(); i++) {
            String value = lengths.get(i).strip();
            if (!value.matches("\\d{1,18}") || (i > 0 && Long.parseLong(value) != length)) {
                throw new ProxyRefusal(400, "The Content-Length field must be one whole number, not '"
                        + String.join(", ", lengths) + "'.");
            }
            length = Long.parseLong(value);
        }
        return new Framing(length, false);
    }

    /** Copies the body from the client to the space. */
    void copy(ClientInput input, Connection upstream) throws IOException {
        if (chunked) {
            copyChunked(input, upstream);
            return;
        }
        byte[] buffer = new byte[(int) Math.min(COPY_BYTES, Math.max(1, length))];
        long left = length;
        while (left > 0) {
            int read = input.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("The client ended the connection inside a request body.");
            }
            upstream.write(buffer, 0, read);
            left -= read;
        }
    }

    private static void copyChunked(ClientInput input, Connection upstream) throws IOException {
        byte[] buffer = new byte[COPY_BYTES];
        while (true) {
            String sizeLine = input.readLine();
            upstream.write(ClientInput.latin1(sizeLine));
            String digits = sizeLine.strip();
            int extension = digits.indexOf(';');
            digits = (extension >= 0 ? digits.substring(0, extension) : digits).strip();
            if (!digits.matches("[0-9a-fA-F]{1,15}")) {
                throw new IOException("A chunk size line of the request body is malformed.");
            }
            long size = Long.parseLong(digits, 16);
            if (size == 0) {
                break;
            }
            long left = size + 2; // the chunk and its line ending
            while (left > 0) {
                int read = input.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IOException("The client ended the connection inside a chunk.");
                }
                upstream.write(buffer, 0, read);
                left -= read;
            }
        }
        while (true) { // trailer fields, then the blank line
            String line = input.readLine();
            upstream.write(ClientInput.latin1(line));
            if (line.equals("\r\n") || line.equals("\n")) {
                return;
            }
        }
    }
}
