package dev.warren.server.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw WebSocket handshakes against the terminal endpoint, to see which ones the server refuses and how. */
final class TerminalProbe {
    private TerminalProbe() {}

    /** The HTTP status of each handshake: without a session, and with a session from a foreign origin. */
    static Map<String, Integer> handshakes(WarrenUnderTest warren, String sessionCookie) throws IOException {
        Map<String, Integer> answers = new LinkedHashMap<>();
        String host = "127.0.0.1:" + warren.port();
        answers.put("no session", status(warren.port(), host, "http://" + host, null));
        answers.put("foreign origin", status(warren.port(), host, "http://evil.example", sessionCookie));
        return answers;
    }

    private static int status(int port, String host, String origin, String cookie) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET /ws/spaces/anything/terminal?cols=80&rows=24 HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + "Origin: " + origin + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (cookie == null ? "" : "Cookie: warren_session=" + cookie + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }
}
