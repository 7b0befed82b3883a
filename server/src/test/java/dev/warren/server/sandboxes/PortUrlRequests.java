package dev.warren.server.sandboxes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A GET to a port URL the way a browser makes it: {@code *.localhost} is loopback (browsers know; the JDK asks the
 * system resolver, which may not), so it dials 127.0.0.1 at the URL's port and names the host in {@code Host}.
 * HTTP/1.1 with {@code Connection: close}; the body is read to the end of the connection.
 */
final class PortUrlRequests {
    record Answer(int status, String body) {}

    private PortUrlRequests() {}

    static Answer get(URI url, String token) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 5_000);
            socket.setSoTimeout(15_000);
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            String request = "GET " + path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = all.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                throw new IOException("No HTTP answer: '" + all + "'");
            }
            String head = all.substring(0, headEnd);
            String body = all.substring(headEnd + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Answer(Integer.parseInt(head.split(" ", 3)[1]), body);
        }
    }

    private static String unchunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.UTF_8));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
