package dev.warren.bench;

import dev.warren.client.Warren;
import dev.warren.engine.docker.EngineLocator;
import dev.warren.server.Config;
import dev.warren.server.WarrenServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real warren server for a benchmark: temporary SQLite, port 0, the given engine, an SDK client as admin. */
public record BenchServer(WarrenServer server, Warren warren, String engineHost) implements AutoCloseable {
    private static final String PASSWORD = "bench-password";

    public static BenchServer start(String engineHost) throws IOException {
        Path dir = Files.createTempDirectory("warren-bench-");
        Map<String, String> env = Map.of("WARREN_PORT", "0", "WARREN_HOST", "127.0.0.1",
                "WARREN_DATA_DIR", dir.toString(), "WARREN_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("w.db"),
                "WARREN_ADMIN_PASSWORD", PASSWORD, "WARREN_BCRYPT_COST", "4",
                // off: spaces without their firewall, to measure what it costs (docs/PERFORMANCE.md)
                "WARREN_SPACE_FIREWALL", System.getenv().getOrDefault("WARREN_SPACE_FIREWALL", "on"),
                "WARREN_CONFIG", Files.writeString(dir.resolve("none.properties"), "").toString());
        Config config = Config.load(env);
        WarrenServer server = WarrenServer.start(config,
                WarrenServer.dockerRuntime(config, EngineLocator.connect(engineHost)),
                new PrintStream(OutputStream.nullOutputStream()));
        String url = "http://127.0.0.1:" + server.port();
        return new BenchServer(server, Warren.connect(url, Warren.login(url, "admin", PASSWORD, "bench", null).token()),
                engineHost);
    }

    /** Creates a template with a random name and the given YAML spec; returns its name. */
    public String template(String spec) {
        String name = "bench-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        warren.templates().create(new dev.warren.client.wire.Templates.TemplateRequest(name, "", "", spec,
                java.util.List.of(), true));
        return name;
    }

    @Override
    public void close() {
        var instance = server.docker().labels().instance();
        server.close();
        try (var engine = EngineLocator.connect(engineHost)) {
            engine.cleanup(instance); // the network and any leftover: a benchmark leaves nothing behind
        }
    }
}
