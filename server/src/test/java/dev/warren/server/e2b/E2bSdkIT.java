package dev.warren.server.e2b;

import dev.warren.client.Warren;
import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * E2B's own JS SDK (the {@code e2b} npm package, pinned in src/test/e2b/package.json, installed at test time into
 * target/e2b-node) runs the Node suite src/test/e2b/suite.mjs against a real warren server on Docker, configured
 * only through E2B's variables. Needs Node 20+ and npm; without them, or without the npm registry, it fails saying
 * so (it never skips).
 */
class E2bSdkIT {
    private static final Path SOURCES = Path.of("src", "test", "e2b");
    private static final Path INSTALL = Path.of("target", "e2b-node");
    private static final String PINNED = "2.51.0";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.sqlite(TestServer.DOCKER);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_e2b_sdk_runs_its_suite_unchanged_against_warren() throws Exception {
        installSdk();
        String key = newUserKey(TestServer.randomName("e2b"));
        String otherKey = newUserKey(TestServer.randomName("e2b-other"));
        String url = server.url() + E2bSettings.DEFAULT_PREFIX;
        Result suite = run(List.of("node", "suite.mjs"), Map.of("E2B_API_URL", url, "E2B_SANDBOX_URL", url,
                "E2B_API_KEY", key, "E2B_API_KEY_OTHER", otherKey), Duration.ofMinutes(5));
        System.out.println(suite.output());
        assertThat(suite.output()).as("the suite's report").doesNotContain("not ok - ")
                .containsPattern("E2B SUITE: \\d+ passed, 0 failed");
        assertThat(suite.exitCode()).as("node suite.mjs exit code").isZero();
    }

    private static String newUserKey(String username) {
        Warren admin = server.admin();
        admin.users().create(new CreateUserRequest(username, username + "@example.test", "password-" + username,
                List.of("user"), true, "bash", "UTC"));
        return Warren.login(server.url(), username, "password-" + username, "e2b", null).token();
    }

    /** npm install of the pinned package into target/e2b-node (kept between runs when it is already there). */
    private static void installSdk() throws Exception {
        Files.createDirectories(INSTALL);
        for (String file : List.of("package.json", "suite.mjs")) {
            Files.copy(SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Result node = runQuietly(List.of("node", "--version"));
        if (node.exitCode() != 0 || !node.output().strip().matches("v(2\\d|[3-9]\\d)\\..*")) {
            fail("The E2B suite needs Node.js 20 or later on PATH (`node --version` said: " + node.output().strip()
                    + "); install Node 20 and npm (Debian: apt-get install nodejs npm).");
        }
        Path installed = INSTALL.resolve("node_modules/e2b/package.json");
        if (Files.exists(installed) && Files.readString(installed).contains("\"version\": \"" + PINNED + "\"")) {
            return;
        }
        Result npm = run(List.of("npm", "install", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(4));
        if (npm.exitCode() != 0) {
            fail("`npm install` of e2b@" + PINNED + " into " + INSTALL.toAbsolutePath() + " failed (exit "
                    + npm.exitCode() + "); the E2B suite needs the npm registry. npm said:\n" + npm.output());
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result runQuietly(List<String> command) {
        try {
            return run(command, Map.of(), Duration.ofSeconds(30));
        } catch (Exception missing) {
            return new Result(-1, String.valueOf(missing.getMessage()));
        }
    }

    /** Runs a command in target/e2b-node with a deadline; stdout and stderr together. */
    private static Result run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(INSTALL.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("e2b-suite", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout.toMinutes() + " minutes:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
