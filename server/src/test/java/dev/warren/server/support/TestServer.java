package dev.warren.server.support;

import dev.warren.client.Warren;
import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.client.wire.Auth.CreatedToken;
import dev.warren.engine.docker.EngineLocator;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.memory.InMemorySpaceRuntime;
import dev.warren.server.Config;
import dev.warren.server.WarrenServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real warren server for tests: a real engine (Docker or Podman), a real store (a temporary SQLite file, or a
 * fresh schema in the throwaway PostgreSQL named by WARREN_TEST_PG_URL), port 0. Talks to it through the SDK.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-1";
    public static final String DOCKER = System.getenv().getOrDefault("WARREN_TEST_DOCKER_HOST",
            "unix:///var/run/docker.sock");
    public static final String PODMAN = System.getenv().getOrDefault("WARREN_TEST_PODMAN_HOST",
            "unix:///run/podman/podman.sock");
    /** Not an engine: the in-memory runtime, for fast rule tests. */
    public static final String MEMORY = "memory";

    private final Path dataDir;
    private final Map<String, String> env;
    private final String engineHost;
    /** The in-memory runtime outlives server restarts, as an engine does. */
    private final InMemorySpaceRuntime memory = new InMemorySpaceRuntime();
    private WarrenServer server;
    private Warren admin;

    private TestServer(Path dataDir, Map<String, String> env, String engineHost) {
        this.dataDir = dataDir;
        this.env = env;
        this.engineHost = engineHost;
    }

    /** A server on {@code engineHost} whose data directory (and SQLite store in it) is {@code dataDir}. */
    public static TestServer sqliteIn(Path dataDir, String engineHost) {
        return start(dataDir, "jdbc:sqlite:" + dataDir.resolve("warren.db"), engineHost);
    }

    /** The data directory (store, key file, agents' secrets). */
    public Path dataDir() {
        return dataDir;
    }

    /** A server on {@code engineHost} with a temporary SQLite store. */
    public static TestServer sqlite(String engineHost) {
        return sqlite(engineHost, Map.of());
    }

    /** The same with some settings of its own (WARREN_* names), e.g. a short reconcile interval. */
    public static TestServer sqlite(String engineHost, Map<String, String> settings) {
        Path dir = tempDir();
        return start(dir, "jdbc:sqlite:" + dir.resolve("warren.db"), engineHost, settings);
    }

    /** A server on {@code engineHost} with a fresh schema in the test PostgreSQL. */
    public static TestServer postgres(String engineHost, String pgUrl) {
        String schema = "warren_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(pgUrl)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException error) {
            throw new IllegalStateException("Cannot create a test schema in " + pgUrl, error);
        }
        return start(tempDir(), pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema, engineHost);
    }

    private static TestServer start(Path dir, String databaseUrl, String engineHost) {
        return start(dir, databaseUrl, engineHost, Map.of());
    }

    private static TestServer start(Path dir, String databaseUrl, String engineHost, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("WARREN_PORT", "0");
        env.put("WARREN_PORT_PROXY_PORT", "0");
        env.put("WARREN_HOST", "127.0.0.1");
        env.put("WARREN_DATA_DIR", dir.toString());
        env.put("WARREN_DATABASE_URL", databaseUrl);
        env.put("WARREN_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("WARREN_BCRYPT_COST", "4");
        env.put("WARREN_RECONCILE_SECONDS", "3600");
        env.put("WARREN_SHUTDOWN_GRACE_SECONDS", "2");
        env.put("WARREN_CONFIG", dir.resolve("none.properties").toString());
        // WARREN_FORWARD_NAT=off in the test environment runs the forwarding tests on the relay path.
        env.put("WARREN_FORWARD_NAT", System.getenv().getOrDefault("WARREN_FORWARD_NAT", "auto"));
        env.putAll(settings);
        writeEmpty(dir.resolve("none.properties"));
        TestServer test = new TestServer(dir, env, engineHost);
        test.boot();
        return test;
    }

    /** (Re)starts the server process on the same store, as after a crash or an upgrade. */
    public void boot() {
        Config config = Config.load(env);
        server = WarrenServer.start(config, (WarrenServer.RuntimeFactory) instance -> MEMORY.equals(engineHost)
                ? memory : WarrenServer.dockerRuntime(config, EngineLocator.connect(engineHost), instance),
                new PrintStream(java.io.OutputStream.nullOutputStream()));
        CreatedToken token = Warren.login(url(), "admin", ADMIN_PASSWORD, "tests", null);
        admin = Warren.connect(url(), token.token());
    }

    /** Stops the HTTP server and closes the store, leaving containers as they are (a crash, for the engine). */
    public void halt() {
        server.close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public Warren admin() {
        return admin;
    }

    public WarrenServer server() {
        return server;
    }

    public String engineHost() {
        return engineHost;
    }

    /** The JDBC URL of this server's store, for tests that look at what is at rest. */
    public String databaseUrl() {
        return env.get("WARREN_DATABASE_URL");
    }

    /** Creates a user and returns an SDK client logged in as that user. */
    public Warren newUser(String username) {
        admin.users().create(new CreateUserRequest(username, username + "@example.test", "password-" + username,
                List.of("user"), true, "bash", "UTC"));
        CreatedToken token = Warren.login(url(), username, "password-" + username, "tests", null);
        return Warren.connect(url(), token.token());
    }

    public static String randomName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        String instance = MEMORY.equals(engineHost) ? null : server.docker().labels().instanceId();
        server.close();
        if (instance == null) {
            return;
        }
        try (var engine = EngineLocator.connect(engineHost)) {
            engine.cleanup(java.util.Map.of(dev.warren.runtime.docker.SpaceLabels.INSTANCE, instance));
        } catch (RuntimeException ignored) {
            // best effort: the next run's cleanup by label removes leftovers
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("warren-it-");
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }

    private static void writeEmpty(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
