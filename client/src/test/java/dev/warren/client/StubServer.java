package dev.warren.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) answering canned responses by "METHOD /path" and recording every
 * request, for testing the SDK's wire behaviour: request shapes and error mapping. {@link #stream} answers with a
 * body written piece by piece (chunked, flushed), for streams. Requests are handled concurrently (a virtual thread
 * each), so a stream may wait for another request. Not a stand-in for the server.
 */
public final class StubServer implements AutoCloseable {
    public record Answer(int status, String contentType, byte[] body) {}

    /** Writes a streamed answer's body; each {@link Body#line} is sent and flushed at once. */
    @FunctionalInterface
    public interface Streamer {
        void write(Recorded request, Body body) throws Exception;
    }

    /** The body of a streamed answer. */
    public static final class Body {
        private final OutputStream out;

        Body(OutputStream out) {
            this.out = out;
        }

        /** Sends {@code text} and a newline, flushed (one chunk). */
        public void line(String text) throws IOException {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Streamer> streams = new ConcurrentHashMap<>();
    public final List<Recorded> requests = new CopyOnWriteArrayList<>();

    public StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public StubServer json(String method, String path, int status, String json) {
        answers.put(method + " " + path, new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public StubServer raw(String method, String path, int status, String contentType, byte[] body) {
        answers.put(method + " " + path, new Answer(status, contentType, body));
        return this;
    }

    /**
     * Answers {@code METHOD path} with 200, {@code contentType} and a body written by {@code streamer} as it goes.
     */
    public StubServer stream(String method, String path, String contentType, Streamer streamer) {
        streams.put(method + " " + path, streamer);
        answers.put(method + " " + path, new Answer(200, contentType, new byte[0]));
        return this;
    }

    public Recorded last() {
        return requests.getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        Recorded recorded = new Recorded(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(recorded);
        Streamer streamer = streams.get(exchange.getRequestMethod() + " " + path);
        if (streamer != null) {
            exchange.getResponseHeaders().add("Content-Type", answers.get(exchange.getRequestMethod() + " " + path)
                    .contentType());
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                streamer.write(recorded, new Body(out));
            } catch (IOException closed) {
                // the client went away
            } catch (Exception failed) {
                throw new IOException(failed);
            }
            return;
        }
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path, new Answer(404,
                "application/json", "{\"error\":\"No such route in the stub.\",\"detail\":\"\",\"validations\":[],\"correlation_id\":null}"
                        .getBytes(StandardCharsets.UTF_8)));
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        if (answer.status() == 204) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
