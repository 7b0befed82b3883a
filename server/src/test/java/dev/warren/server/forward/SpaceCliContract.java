package dev.warren.server.forward;

import dev.warren.client.Warren;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.engine.docker.EngineLocator;
import dev.warren.server.Config;
import dev.warren.server.WarrenServer;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The in-space CLI with no login and no agent in the image: the bundle built by scripts/space-cli.sh mounted at
 * /opt/warren, WARREN_SERVER defaulting to the API exposed on 127.0.0.1:7399 inside the space, WARREN_TOKEN the
 * space token. Skipped (with the reason) when the bundle has not been built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpaceCliContract {
    private static final Path BUNDLE = Path.of("..", "build", "space-cli").toAbsolutePath().normalize();

    private WarrenServer server;
    private Warren admin;

    abstract String engineHost();

    @BeforeAll
    void start() throws IOException {
        assumeTrue(Files.isExecutable(BUNDLE.resolve("bin/warren")) && Files.isDirectory(BUNDLE.resolve("jre")),
                "The space CLI bundle is missing: run scripts/space-cli.sh first (looked in " + BUNDLE + ").");
        Path dir = Files.createTempDirectory("warren-it-");
        Map<String, String> env = Map.of("WARREN_PORT", "0", "WARREN_HOST", "127.0.0.1",
                "WARREN_DATA_DIR", dir.toString(), "WARREN_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("w.db"),
                "WARREN_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD, "WARREN_BCRYPT_COST", "4",
                "WARREN_RECONCILE_SECONDS", "3600", "WARREN_CLI_DIR", BUNDLE.toString(),
                "WARREN_CONFIG", Files.writeString(dir.resolve("none.properties"), "").toString());
        Config config = Config.load(env);
        server = WarrenServer.start(config, WarrenServer.dockerRuntime(config, EngineLocator.connect(engineHost())),
                new PrintStream(OutputStream.nullOutputStream()));
        String url = "http://127.0.0.1:" + server.port();
        admin = Warren.connect(url, Warren.login(url, "admin", TestServer.ADMIN_PASSWORD, "tests", null).token());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            var instance = server.docker().labels().instance();
            server.close();
            try (var engine = EngineLocator.connect(engineHost())) {
                engine.cleanup(instance);
            } catch (RuntimeException ignored) {
                // best effort: the next run's cleanup by label removes leftovers
            }
        }
    }

    @Test
    void the_cli_inside_a_space_forwards_a_port_without_logging_in() {
        String template = TestServer.randomName("web");
        admin.templates().create(new TemplateRequest(template, "", "", PortForwardingContract.WEB_SPEC, List.of(),
                true));
        String backend = TestServer.randomName("backend");
        admin.create(backend, template);
        admin.start(backend);
        String frontend = TestServer.randomName("frontend");
        admin.create(frontend, "base");
        admin.start(frontend);

        RunResult forward = admin.run(frontend, "warren", "port", "forward", "8080", backend, "80");
        assertThat(forward.exitCode()).as(forward.output()).isZero();
        RunResult[] fetched = new RunResult[1];
        PortForwardingContract.awaitCondition(() -> {
            fetched[0] = admin.run(frontend, "timeout", "5", "wget", "-qO-", "http://127.0.0.1:8080/");
            return fetched[0].exitCode() == 0;
        }, () -> "the forward answers (last: " + fetched[0] + ")");
        assertThat(fetched[0].stdout().strip()).isEqualTo(backend);
        RunResult list = admin.run(frontend, "warren", "port", "list");
        assertThat(list.stdout()).contains("8080").contains(backend);
    }
}
