package dev.warren.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.ErrorResponse;
import dev.warren.client.wire.WireJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP plumbing shared by every part of the SDK: builds requests with the bearer token, sends JSON with the
 * wire mapper, maps error answers to {@link WarrenException}s. Immutable and thread-safe ({@link HttpClient} and a
 * configured {@link ObjectMapper} are).
 */
final class Transport {
    static final String USER_AGENT = "warren-java-sdk/" + version();

    private final HttpClient http;
    private final URI server;
    private final String token;
    private final ObjectMapper json;
    private final Duration requestTimeout;

    Transport(HttpClient http, URI server, String token, Duration requestTimeout) {
        this.http = http;
        this.server = server;
        this.token = token;
        this.json = WireJson.newMapper(true);
        this.requestTimeout = requestTimeout;
    }

    ObjectMapper json() {
        return json;
    }

    URI server() {
        return server;
    }

    /** Sends {@code body} (JSON, or none when null) and reads the answer as {@code type} (null on 204 or Void). */
    <T> T call(String method, String path, Object body, Class<T> type) {
        return call(method, path, body, json.getTypeFactory().constructType(type), requestTimeout, Map.of());
    }

    /** As {@link #call(String, String, Object, Class)}, reading a JSON array into a list of {@code element}. */
    <T> List<T> list(String path, Class<T> element) {
        return call("GET", path, null, json.getTypeFactory().constructCollectionType(List.class, element),
                requestTimeout, Map.of());
    }

    <T> T call(String method, String path, Object body, JavaType type, Duration timeout, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, timeout).method(method, publisher(body))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<byte[]> response = send(request.build(), BodyHandlers.ofByteArray());
        byte[] bytes = response.body();
        if (response.statusCode() >= 300) {
            throw failure(response.statusCode(), bytes, method, path);
        }
        if (type.getRawClass() == Void.class || response.statusCode() == 204 || bytes.length == 0) {
            return null;
        }
        try {
            return json.readValue(bytes, type);
        } catch (IOException error) {
            throw new WarrenException.Unreachable("The answer to " + method + " " + path
                    + " is not the JSON expected: " + error.getMessage(), error);
        }
    }

    /** GETs raw bytes as a stream; the caller closes it. Errors are mapped before the stream is returned. */
    InputStream download(String path) {
        HttpRequest request = request(path, null).GET().header("Accept", "application/octet-stream").build();
        HttpResponse<InputStream> response = send(request, BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            byte[] bytes;
            try (InputStream body = response.body()) {
                bytes = body.readNBytes(64 * 1024);
            } catch (IOException error) {
                bytes = new byte[0];
            }
            throw failure(response.statusCode(), bytes, "GET", path);
        }
        return response.body();
    }

    /**
     * Opens a streamed answer ({@code application/x-ndjson}) and returns its body for reading as it arrives; the
     * caller closes it (closing early abandons the exchange). Errors are mapped before the stream is returned. The
     * request timeout bounds only the wait for the answer to begin: once it has, the stream may last as long as it
     * lasts (the timeout is enforced here, not by {@link HttpRequest#timeout()}, so no JDK version can apply it to
     * the body).
     */
    InputStream stream(String method, String path, Object body) {
        HttpRequest.Builder request = request(path, null).method(method, publisher(body))
                .header("Accept", "application/x-ndjson");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpRequest built = request.build();
        CompletableFuture<HttpResponse<InputStream>> answer = http.sendAsync(built, BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof IOException io ? unreachable(built, io)
                    : new WarrenException.Unreachable("The request " + method + " " + path + " failed: "
                            + failed.getCause(), failed.getCause());
        } catch (TimeoutException slow) {
            answer.cancel(true);
            throw unreachable(built, new java.net.http.HttpTimeoutException("no answer in "
                    + requestTimeout.toMillis() + " ms"));
        } catch (InterruptedException interrupted) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new WarrenException.Unreachable("Interrupted while waiting for " + method + " " + path + ".",
                    interrupted);
        }
        if (response.statusCode() >= 300) {
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(64 * 1024);
            } catch (IOException error) {
                bytes = new byte[0];
            }
            throw failure(response.statusCode(), bytes, method, path);
        }
        return response.body();
    }

    /** PUTs raw bytes from {@code body} (streamed by the HTTP client). */
    void upload(String path, BodyPublisher body) {
        HttpRequest request = request(path, null).PUT(body).header("Content-Type", "application/octet-stream")
                .header("Accept", "application/json").build();
        HttpResponse<byte[]> response = send(request, BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw failure(response.statusCode(), response.body(), "PUT", path);
        }
    }

    /**
     * Sends a request as given (raw body, protocol headers such as tus's) with the bearer token and returns the
     * answer whatever its status, for callers that read headers; only a failure to reach the server or to send the
     * body is thrown ({@link WarrenException.Unreachable}, its cause the I/O failure).
     */
    HttpResponse<byte[]> exchange(String method, String path, BodyPublisher body, Map<String, String> headers,
            Duration timeout) {
        HttpRequest.Builder request = request(path, timeout).method(method, body);
        headers.forEach(request::header);
        return send(request.build(), BodyHandlers.ofByteArray());
    }

    /**
     * Sends a raw body ({@code contentType}, streamed by the HTTP client, no timeout: it lasts as long as the body)
     * and reads the JSON answer as {@code type}.
     */
    <T> T sendRaw(String method, String path, BodyPublisher body, String contentType, Class<T> type) {
        HttpRequest request = request(path, null).method(method, body).header("Content-Type", contentType)
                .header("Accept", "application/json").build();
        HttpResponse<byte[]> response = send(request, BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw failure(response.statusCode(), response.body(), method, path);
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException error) {
            throw new WarrenException.Unreachable("The answer to " + method + " " + path
                    + " is not the JSON expected: " + error.getMessage(), error);
        }
    }

    private BodyPublisher publisher(Object body) {
        try {
            return body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (IOException error) {
            throw new IllegalArgumentException("The request body cannot be written as JSON: " + error.getMessage(), error);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path))
                .header("User-Agent", USER_AGENT);
        if (timeout != null) {
            builder.timeout(timeout);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException error) {
            throw unreachable(request, error);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new WarrenException.Unreachable("Interrupted while waiting for " + request.method() + " "
                    + request.uri().getRawPath() + ".", interrupted);
        }
    }

    private WarrenException unreachable(HttpRequest request, IOException error) {
        String reason = switch (error) {
            case java.net.ConnectException refused -> "the connection was refused";
            case java.net.http.HttpTimeoutException slow -> "no answer in time";
            default -> error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        };
        return new WarrenException.Unreachable("The warren server at " + server + " cannot be reached ("
                + request.method() + " " + request.uri().getRawPath() + "): " + reason + ".", error);
    }

    /** Turns an error answer into the matching exception, reading the {@link ErrorResponse} when there is one. */
    WarrenException failure(int status, byte[] body, String method, String path) {
        ErrorResponse error = null;
        try {
            if (body != null && body.length > 0) {
                error = json.readValue(body, ErrorResponse.class);
            }
        } catch (IOException notJson) {
            error = null;
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        String fallback = "The server answered " + status + " to " + method + " " + path
                + (text.isEmpty() || text.length() > 200 ? "." : ": " + text);
        return WarrenException.of(status, error, fallback);
    }

    /** One URL path segment, percent-encoded (spaces as %20, slashes encoded). */
    static String segment(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A name or id is required.");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter value, percent-encoded. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String version() {
        String version = Transport.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
