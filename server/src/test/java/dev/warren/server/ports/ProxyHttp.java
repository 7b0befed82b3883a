package dev.warren.server.ports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Raw HTTP/1.1 through the port proxy on 127.0.0.1, for what Java's HttpClient will not do: set {@code Host} to a
 * port URL's name, send malformed heads, keep the socket for an upgrade. Answers are read by Content-Length,
 * chunked, or until the connection closes; bodies are kept (up to 1 MiB) and always hashed.
 */
final class ProxyHttp {
    record Answer(int status, Map<String, String> headers, String body, long length, String sha256) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;

    ProxyHttp(int port) {
        this.port = port;
    }

    /** A GET with {@code Host: host} and extra header pairs. */
    Answer get(String host, String target, String... headers) {
        StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return raw(head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends the bytes as they are and reads one answer. */
    Answer raw(byte[] request) {
        try (Socket socket = open()) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        return socket;
    }

    /** Reads one answer from {@code in}. */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("The connection closed before an answer.");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                    (a, b) -> a + "\n" + b);
        }
        Body body = new Body();
        if (headers.containsKey("content-length")) {
            body.copy(in, Long.parseLong(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (long size = Long.parseLong(line(in).split(";")[0].strip(), 16); size > 0;
                    size = Long.parseLong(line(in).split(";")[0].strip(), 16)) {
                body.copy(in, size);
                line(in);
            }
            for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                // trailers are not needed here
            }
        } else if (status != 204 && status != 304 && status != 101) {
            body.copy(in, Long.MAX_VALUE);
        }
        return new Answer(status, headers, body.kept.toString(StandardCharsets.UTF_8), body.length,
                HexFormat.of().formatHex(body.digest.digest()));
    }

    /** One line without its ending, or null at end of stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return c < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static final class Body {
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final MessageDigest digest;
        long length;

        Body() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        void copy(InputStream in, long limit) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long left = limit;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    if (limit == Long.MAX_VALUE) {
                        return;
                    }
                    throw new IOException("The body ended after " + length + " bytes.");
                }
                digest.update(buffer, 0, read);
                if (kept.size() < 1 << 20) {
                    kept.write(buffer, 0, Math.min(read, (1 << 20) - kept.size()));
                }
                length += read;
                left -= read;
            }
        }
    }
}
