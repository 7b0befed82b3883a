package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.StubServer;
import dev.warren.client.archive.TestTars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code space files …} and {@code space download} over a real socket: requests, output, refusals. */
class SpaceFileCommandsTest {
    private static final String BASE = "/api/spaces/web";
    private static final String DIR = """
            {"name":"src","path":"/workspace/src","type":"dir","size":4096,"mode":"0755",
             "modified_at":"2026-01-01T00:00:00Z","symlink_target":null}""";
    private static final String FILE = """
            {"name":"a.txt","path":"/workspace/a.txt","type":"file","size":5,"mode":"0600",
             "modified_at":"2026-01-01T00:00:00Z","symlink_target":null}""";
    private StubServer stub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private int run(String... args) {
        Map<String, String> env = Map.of("WARREN_SERVER", stub.url(), "WARREN_TOKEN", "t", "HOME", "/nonexistent-home");
        return WarrenCommand.commandLine(env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    @Test
    void a_directory_download_extracts_the_tar_here_and_reports_the_counts_as_json(@TempDir Path local)
            throws Exception {
        stub.json("GET", BASE + "/files/stat", 200, DIR);
        stub.raw("GET", BASE + "/archive", 200, "application/x-tar", new TestTars().directory("lib")
                .file("lib/a.txt", "hello", 0600).symlink("link", "lib/a.txt").bytes());
        int code = run("--json", "space", "download", "web", "/workspace/src", local.resolve("copy").toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stub.last().query()).isEqualTo("path=%2Fworkspace%2Fsrc");
        assertThat(local.resolve("copy/lib/a.txt")).hasContent("hello");
        assertThat(Files.readSymbolicLink(local.resolve("copy/link"))).isEqualTo(Path.of("lib/a.txt"));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.path("files").asInt()).isEqualTo(1);
        assertThat(json.path("directories").asInt()).isEqualTo(1);
        assertThat(json.path("symlinks").asInt()).isEqualTo(1);
        assertThat(json.path("bytes").asInt()).isEqualTo(5);
    }

    @Test
    void a_download_with_an_unsafe_member_fails_and_writes_nothing_outside(@TempDir Path local) {
        stub.json("GET", BASE + "/files/stat", 200, DIR);
        stub.raw("GET", BASE + "/archive", 200, "application/x-tar",
                new TestTars().symlink("out", "../..").file("out/evil", "x").bytes());
        int code = run("space", "download", "web", "/workspace/src", local.resolve("copy").toString());
        assertThat(code).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'out'").contains("outside the destination");
        assertThat(local.resolve("evil")).doesNotExist();
        assertThat(local.resolve("copy")).isEmptyDirectory();
    }

    @Test
    void a_file_download_goes_into_an_existing_directory_under_its_name(@TempDir Path local) {
        stub.json("GET", BASE + "/files/stat", 200, FILE);
        stub.raw("GET", BASE + "/files", 200, "application/octet-stream", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(run("space", "download", "web", "/workspace/a.txt", local.toString())).isZero();
        assertThat(local.resolve("a.txt")).hasContent("hello");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("5 bytes");
    }

    @Test
    void ls_prints_a_table_and_find_prints_paths() {
        stub.json("GET", BASE + "/files/list", 200, "{\"entries\":[" + FILE + "," + DIR + "]}");
        assertThat(run("space", "files", "ls", "-d", "2", "web", "/workspace")).isZero();
        assertThat(stub.last().query()).isEqualTo("path=%2Fworkspace&depth=2");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("MODE").contains("0600").contains("/workspace/src");
        out.reset();
        stub.json("GET", BASE + "/files/search", 200, "{\"entries\":[" + FILE + "],\"truncated\":true}");
        assertThat(run("space", "files", "find", "web", "/workspace", "**/*.txt")).isZero();
        assertThat(stub.last().query()).isEqualTo("path=%2Fworkspace&glob=**%2F*.txt");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("/workspace/a.txt\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("more entries matched");
    }

    @Test
    void mkdir_rm_and_mv_send_what_they_say() throws Exception {
        stub.json("POST", BASE + "/files/mkdir", 200, "{\"path\":\"/workspace/n\",\"created\":true}");
        assertThat(run("space", "files", "mkdir", "web", "/workspace/n")).isZero();
        assertThat(new ObjectMapper().readTree(stub.last().body()).path("path").asText()).isEqualTo("/workspace/n");
        stub.raw("DELETE", BASE + "/files", 204, "application/json", new byte[0]);
        assertThat(run("space", "files", "rm", "web", "/workspace/n")).isZero();
        assertThat(stub.last().method()).isEqualTo("DELETE");
        stub.json("POST", BASE + "/files/rename", 200, FILE);
        assertThat(run("space", "files", "mv", "web", "/workspace/b.txt", "/workspace/a.txt")).isZero();
        assertThat(new ObjectMapper().readTree(stub.last().body()).path("from").asText()).isEqualTo("/workspace/b.txt");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Created /workspace/n.").contains("Moved");
    }
}
