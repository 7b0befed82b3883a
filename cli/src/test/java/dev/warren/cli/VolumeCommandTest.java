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

/** {@code warren volume …} over a real socket: requests, JSON output, archive extraction, refusals. */
class VolumeCommandTest {
    private static final String VOLUME = """
            {"id":"v-1","name":"data","owner_id":"u-1","owner":"alice","created_at":"2026-01-01T00:00:00Z",
             "mounted_by":["box"]}""";
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
    void ls_prints_the_volumes_with_the_spaces_mounting_them_as_a_table_and_as_json() throws Exception {
        stub.json("GET", "/api/volumes", 200, "[" + VOLUME + "]");
        assertThat(run("volume", "ls")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("data").contains("v-1").contains("box");
        out.reset();
        assertThat(run("--json", "volume", "ls")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertThat(json.get(0).get("mounted_by").get(0).asText()).isEqualTo("box");
    }

    @Test
    void download_with_archive_extracts_the_directory_and_reports_counts(@TempDir Path local) throws Exception {
        stub.json("GET", "/api/volumes/data", 200, VOLUME);
        stub.raw("GET", "/api/volumes/v-1/files/archive", 200, "application/x-tar", new TestTars().directory("lib")
                .file("lib/a.txt", "hello", 0600).bytes());
        int code = run("--json", "volume", "download", "data", "/models", local.resolve("copy").toString(),
                "--archive");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stub.last().query()).isEqualTo("path=%2Fmodels");
        assertThat(Files.readString(local.resolve("copy/lib/a.txt"))).isEqualTo("hello");
        assertThat(new ObjectMapper().readTree(out.toByteArray()).get("files").asInt()).isEqualTo(1);
    }

    @Test
    void rm_of_a_mounted_volume_exits_with_the_conflict_code_and_the_servers_sentence() {
        stub.json("DELETE", "/api/volumes/data", 423, """
                {"error":"The volume 'data' is mounted by space box; delete it first.","detail":"Wrong state.",
                 "validations":[]}""");
        assertThat(run("volume", "rm", "data")).isEqualTo(ExitCodes.CONFLICT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is mounted by space box");
    }
}
