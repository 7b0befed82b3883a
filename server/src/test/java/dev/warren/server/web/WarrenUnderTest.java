package dev.warren.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.server.Config;
import dev.warren.server.WarrenServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real server on a temp SQLite file and a free port, plus a small JSON client logged in as the admin for
 * setting up and cleaning up what the browser tests cannot see.
 */
final class WarrenUnderTest implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private final Path dataDir;
    private final WarrenServer server;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private String csrf;

    WarrenUnderTest() throws IOException {
        this(Map.of());
    }

    /** With {@code settings} added to (or replacing) the test defaults, e.g. a small WARREN_UPLOAD_MAX_BYTES. */
    WarrenUnderTest(Map<String, String> settings) throws IOException {
        dataDir = Files.createTempDirectory("warren-web-it-");
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "WARREN_HOST", "127.0.0.1",
                "WARREN_PORT", "0",
                "WARREN_DATA_DIR", dataDir.toString(),
                "WARREN_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("warren.db"),
                "WARREN_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "WARREN_BCRYPT_COST", "4",
                "WARREN_RECONCILE_SECONDS", "3600"));
        all.putAll(settings);
        Config config = Config.load(all);
        server = WarrenServer.start(config, new PrintStream(OutputStream.nullOutputStream()));
        http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    int port() {
        return server.port();
    }

    /** Calls the API as the admin (logging in on first use); returns the parsed answer, null when empty. */
    JsonNode api(String method, String path, Object body) throws IOException, InterruptedException {
        if (csrf == null) {
            csrf = "";
            csrf = api("POST", "/api/auth/login", Map.of("username", ADMIN, "password", ADMIN_PASSWORD))
                    .path("csrf_token").asText();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").header("X-CSRF-Token", csrf)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    /** A GET as the admin answering text (a file's content, say). */
    String text(String path) throws IOException, InterruptedException {
        api("GET", "/api/auth/me", null); // logs in on first use
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Stops and deletes every space left behind, so no container outlives the test. */
    void deleteAllSpaces() {
        try {
            for (JsonNode space : api("GET", "/api/spaces", null)) {
                String id = space.path("id").asText();
                try {
                    api("POST", "/api/spaces/" + id + "/stop", null);
                    api("DELETE", "/api/spaces/" + id, null);
                } catch (RuntimeException stillThere) {
                    // reported by the test that left it; keep cleaning the rest
                }
            }
        } catch (IOException | InterruptedException | RuntimeException unreachable) {
            // the server is gone already
        }
    }

    @Override
    public void close() {
        deleteAllSpaces();
        var instance = server.docker().labels().instance();
        server.close();
        // The network (and anything left) carries this server's instance label: remove it, or engines run out of
        // address pools after many test servers.
        try (var engine = dev.warren.engine.docker.EngineLocator.standard(null, System.getenv()).locate()) {
            engine.cleanup(instance);
        } catch (RuntimeException ignored) {
            // best effort
        }
    }
}
