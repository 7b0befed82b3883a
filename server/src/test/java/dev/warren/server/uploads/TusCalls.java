package dev.warren.server.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * tus requests as a generic tus client sends them, for the rule tests: the SDK never sends most of these mistakes.
 * Bearer-authenticated with one user's token.
 */
final class TusCalls {
    record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        String id() {
            String location = header("Location");
            return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    TusCalls(String base, String token) {
        this.base = base;
        this.token = token;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
    }

    /** {@code Upload-Metadata} from key/value pairs (values base64-encoded here). */
    static String metadata(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            parts.add(pairs[i] + " " + Base64.getEncoder().encodeToString(pairs[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return String.join(",", parts);
    }

    Answer create(String space, long length, String metadata) {
        return send("POST", "/api/spaces/" + space + "/uploads", BodyPublishers.noBody(),
                "Tus-Resumable", "1.0.0", "Upload-Length", Long.toString(length), "Upload-Metadata", metadata);
    }

    Answer patch(String id, long offset, byte[] body) {
        return send("PATCH", "/api/uploads/" + id, BodyPublishers.ofByteArray(body), "Tus-Resumable", "1.0.0",
                "Upload-Offset", Long.toString(offset), "Content-Type", "application/offset+octet-stream");
    }

    /** A PATCH whose body has no declared length (chunked). */
    Answer patchStreamed(String id, long offset, Supplier<InputStream> body) {
        return send("PATCH", "/api/uploads/" + id, BodyPublishers.ofInputStream(body), "Tus-Resumable", "1.0.0",
                "Upload-Offset", Long.toString(offset), "Content-Type", "application/offset+octet-stream");
    }

    Answer head(String id) {
        return send("HEAD", "/api/uploads/" + id, BodyPublishers.noBody(), "Tus-Resumable", "1.0.0");
    }

    Answer get(String id) {
        return send("GET", "/api/uploads/" + id, BodyPublishers.noBody());
    }

    Answer delete(String id) {
        return send("DELETE", "/api/uploads/" + id, BodyPublishers.noBody(), "Tus-Resumable", "1.0.0");
    }

    Answer send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException error) {
            throw new IllegalStateException("HTTP " + method + " " + path + " failed", error);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
