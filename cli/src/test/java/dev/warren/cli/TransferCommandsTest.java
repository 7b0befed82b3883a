package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.warren.client.StubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code space upload} over real sockets: a dry run sends nothing, a small file goes in one PUT, and a resumable
 * upload the server breaks off prints the exact command that resumes it (as text and in {@code --json}).
 */
class TransferCommandsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private StubServer stub;
    @TempDir
    Path local;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private int run(String server, String stdin, String... args) {
        Map<String, String> env = Map.of("WARREN_SERVER", server, "WARREN_TOKEN", "t", "HOME", "/nonexistent-home");
        return WarrenCommand.commandLine(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private Path tree() throws IOException {
        Path src = Files.createDirectories(local.resolve("src"));
        Files.writeString(src.resolve(".warrenignore"), "*.log\n!keep.log\n");
        Files.writeString(src.resolve("a.txt"), "alpha");
        Files.writeString(src.resolve("debug.log"), "noise");
        Files.writeString(src.resolve("keep.log"), "kept");
        Files.writeString(src.resolve("x.pyc"), "compiled");
        Files.createDirectories(src.resolve(".git"));
        Files.writeString(src.resolve(".git/HEAD"), "ref");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        return src;
    }

    @Test
    void a_dry_run_lists_what_would_be_sent_after_the_ignore_rules_and_sends_nothing() throws Exception {
        Path src = tree();
        assertThat(run(stub.url(), "", "space", "upload", "web", src.toString(), "/data/src", "--exclude", "*.pyc",
                "--dry-run")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(".git/", ".git/HEAD  (3 bytes)",
                ".warrenignore  (16 bytes)", "a.txt  (5 bytes)", "keep.log  (4 bytes)", "link -> a.txt",
                "Would upload 4 files, 1 directories and 1 symlinks (28 bytes) to /data/src in web (merge); nothing"
                        + " was sent.");
        out.reset();
        assertThat(run(stub.url(), "", "--json", "space", "upload", "web", src.toString(), "--dry-run")).isZero();
        JsonNode plan = json.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(plan.get("target_path").asText()).isEqualTo("/workspace/src");
        assertThat(plan.get("file_count").asLong()).isEqualTo(5); // x.pyc is only excluded by --exclude
        assertThat(plan.get("entries").get(5).get("link_target").asText()).isEqualTo("a.txt");
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void a_small_file_goes_in_one_put_and_json_prints_the_result() throws Exception {
        Path file = Files.writeString(local.resolve("hello.txt"), "hello");
        stub.raw("PUT", "/api/spaces/web/files", 204, "application/json", new byte[0]);
        assertThat(run(stub.url(), "", "--json", "space", "upload", "web", file.toString())).isZero();
        JsonNode result = json.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(result.get("transport").asText()).isEqualTo("direct");
        assertThat(result.get("target_path").asText()).isEqualTo("/workspace/hello.txt");
        assertThat(result.get("sha256").asText())
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(stub.last().text()).isEqualTo("hello");
        assertThat(stub.last().query()).isEqualTo("path=%2Fworkspace%2Fhello.txt");
    }

    @Test
    void standard_input_needs_a_destination_and_an_unknown_policy_is_a_usage_error() {
        assertThat(run(stub.url(), "data", "space", "upload", "web", "-")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs DEST");
        assertThat(run(stub.url(), "", "space", "upload", "web", ".", "/x", "--conflict", "overwrite"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void a_resumable_upload_the_server_breaks_off_prints_the_command_that_resumes_it() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer tus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tus.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Location", "/api/uploads/" + "a".repeat(32));
                exchange.sendResponseHeaders(201, -1);
            } else {
                byte[] body = "{\"error\":\"The container engine failed.\",\"detail\":\"\",\"validations\":[]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(503, body.length);
                try (OutputStream response = exchange.getResponseBody()) {
                    response.write(body);
                }
            }
            exchange.close();
        });
        tus.start();
        try {
            String url = "http://127.0.0.1:" + tus.getAddress().getPort();
            Path file = Files.writeString(local.resolve("big file.bin"), "pretend this is large");
            int code = run(url, "", "space", "upload", "web", file.toString(), "/data/big.bin", "--resumable");
            assertThat(code).isEqualTo(ExitCodes.ERROR);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("warren: The container engine failed.")
                    .contains("Resume with: warren space upload web '" + file + "' /data/big.bin --resume "
                            + "a".repeat(32));
            assertThat(seen).containsExactly("POST /api/spaces/web/uploads", "PATCH /api/uploads/" + "a".repeat(32));
            err.reset();
            assertThat(run(url, "", "--json", "space", "upload", "web", file.toString(), "/data/big.bin",
                    "--resumable")).isEqualTo(ExitCodes.ERROR);
            JsonNode error = json.readTree(err.toString(StandardCharsets.UTF_8));
            assertThat(error.get("upload_id").asText()).isEqualTo("a".repeat(32));
            assertThat(error.get("resume_command").asText()).endsWith("--resume " + "a".repeat(32));
            assertThat(error.get("status").asInt()).isEqualTo(503);
        } finally {
            tus.stop(0);
        }
    }
}
