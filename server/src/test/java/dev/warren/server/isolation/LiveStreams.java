package dev.warren.server.isolation;

import dev.warren.client.Warren;
import dev.warren.server.support.TestServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Long-lived connections a user holds to the server, opened with the user's bearer token: the web terminal
 * (WebSocket) and the events stream (server-sent events). For tests that check such connections end, or stop
 * carrying a space, when access changes. Every wait is bounded.
 */
final class LiveStreams {
    static final Duration WAIT = Duration.ofSeconds(15);

    private LiveStreams() {}

    /** A web terminal session. */
    static final class Terminal implements WebSocket.Listener, AutoCloseable {
        private final StringBuffer output = new StringBuffer();
        /** The close code and reason once the server closed the socket. */
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final HttpClient http = HttpClient.newHttpClient();
        private WebSocket socket;

        static Terminal open(TestServer server, Warren as, String spaceId) {
            Terminal terminal = new Terminal();
            terminal.socket = terminal.http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + as.connection().token())
                    .connectTimeout(WAIT)
                    .buildAsync(URI.create(server.url().replace("http://", "ws://") + "/ws/spaces/" + spaceId
                            + "/terminal?cols=80&rows=24"), terminal)
                    .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            return terminal;
        }

        /** Types {@code echo} of a computed marker and waits until the shell printed it: the terminal is live. */
        boolean answers(String marker) {
            if (closed.isDone()) {
                return false;
            }
            socket.sendText("{\"type\":\"input\",\"data\":\"echo " + marker + "-$((6*7))\\n\"}", true);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && !closed.isDone()) {
                if (output.indexOf(marker + "-42") >= 0) {
                    return true;
                }
                sleepBriefly();
            }
            return output.indexOf(marker + "-42") >= 0;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            output.append(StandardCharsets.UTF_8.decode(data));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            output.append(data);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        @Override
        public void close() {
            if (!closed.isDone()) {
                socket.abort();
            }
            http.close();
        }
    }

    /** The events stream of one user: every line, as it arrives. */
    static final class Events implements AutoCloseable {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final HttpClient http = HttpClient.newHttpClient();
        private final CompletableFuture<?> stream;

        private Events(TestServer server, Warren as) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/events"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + as.connection().token()).GET().build();
            stream = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body().forEach(lines::add));
        }

        /** Opens the stream and waits until the server says it is connected. */
        static Events open(TestServer server, Warren as) {
            Events events = new Events(server, as);
            if (!events.awaitLine("connected")) {
                throw new AssertionError("The events stream did not connect within " + WAIT.toSeconds() + " s.");
            }
            return events;
        }

        /** Waits (bounded) for a line containing {@code text}, consuming lines up to it. */
        boolean awaitLine(String text) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    String line = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (line != null && line.contains(text)) {
                        return true;
                    }
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        /** The lines up to and including the first containing {@code text}; empty if none came in time. */
        java.util.List<String> linesUntil(String text) {
            java.util.List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    String line = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (line != null) {
                        seen.add(line);
                        if (line.contains(text)) {
                            return seen;
                        }
                    }
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return java.util.List.of();
        }

        @Override
        public void close() {
            stream.cancel(true);
            http.shutdownNow();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50); // polling a buffer filled by the socket's thread, bounded by the caller's deadline
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
