package dev.warren.server.ports;

import dev.warren.server.forward.ProxySockets.Connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The few answers the port proxy gives itself: a refusal (a status and a sentence, as plain text) and the redirect
 * that turns a preview link into a cookie. Each closes the connection; failures to write are ignored (the client
 * has gone). Stateless.
 */
final class ProxyAnswers {
    private ProxyAnswers() {}

    static void refuse(Connection client, ProxyRefusal refusal) {
        byte[] body = (refusal.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        write(client, "HTTP/1.1 " + refusal.status() + " " + reason(refusal.status()) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (refusal.status() == 401 ? "WWW-Authenticate: Bearer realm=\"warren\"\r\n" : "")
                + "Cache-Control: no-store\r\n"
                + "X-Warren-Proxy: refused\r\n"
                + "Connection: close\r\n\r\n", body);
    }

    static void redirect(Connection client, String location, String cookie) {
        write(client, "HTTP/1.1 302 Found\r\n"
                + "Location: " + location + "\r\n"
                + "Set-Cookie: " + cookie + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Content-Length: 0\r\n"
                + "Connection: close\r\n\r\n", new byte[0]);
    }

    private static void write(Connection client, String head, byte[] body) {
        try {
            client.write(head.getBytes(StandardCharsets.UTF_8));
            client.write(body);
            client.shutdownOutput();
            drain(client);
        } catch (IOException gone) {
            // the client went away: nothing to tell
        }
    }

    /**
     * Reads what the client still sends (a body nobody will read) for a moment: closing a socket with unread bytes
     * sends a reset, which can make the client lose the answer it was just sent.
     */
    private static void drain(Connection client) throws IOException {
        byte[] sink = new byte[16 * 1024];
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (int total = 0; total < 1 << 20 && System.nanoTime() < deadline; ) {
            int read = client.read(sink, 0, sink.length, 500);
            if (read < 0) {
                return;
            }
            total += read;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }
}
