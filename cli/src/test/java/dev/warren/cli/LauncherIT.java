package dev.warren.cli;

import dev.warren.client.StubServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged launcher ({@code target/bin/warren}) as a process against an HTTP server on a real socket,
 * checking output, {@code --json} and exit codes.
 */
class LauncherIT {
    private static final String SPACE = """
            {"id":"sp-1","name":"web","description":"My dev environment","template_id":"t1","template_name":"ubuntu",
             "user_id":"u1","username":"alice","shares":[],"depends_on":[],"shell":"bash","platform":"linux/amd64",
             "zone":"default","is_running":true,"is_pending":false,"is_deleting":false,"node_hostname":"h",
             "created_at":"2026-01-01T00:00:00Z","alt_names":[],"icon_url":"","custom_fields":[],"startup_script_id":"",
             "stack":"shop","update_available":false,"state":"running","ports":[],"healthy":true,
             "health_detail":""}""";
    private static final String USER = """
            {"id":"u1","username":"alice","email":"alice@example.com","roles":["user"],"active":true,
             "preferred_shell":"bash","timezone":"UTC","created_at":"2026-01-01T00:00:00Z"}""";
    private final ObjectMapper json = new ObjectMapper();
    private StubServer stub;
    @TempDir
    Path config;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Result warren(String stdin, String... args) throws Exception {
        Path launcher = Path.of(System.getProperty("warren.launcher", "target/bin/warren"));
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("WARREN_"));
        env.put("WARREN_SERVER", stub.url());
        env.put("WARREN_TOKEN", "test-token");
        env.put("XDG_CONFIG_HOME", config.toString());
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    private static String error(String sentence) {
        return "{\"error\":\"" + sentence + "\",\"detail\":\"\",\"validations\":[],\"correlation_id\":null}";
    }

    @Test
    void version_and_help_exit_zero() throws Exception {
        assertThat(warren("", "--version").out()).startsWith("warren ");
        Result help = warren("", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("space").contains("port").contains("Exit codes");
    }

    @Test
    void space_list_prints_an_aligned_table_and_json_that_parses() throws Exception {
        stub.json("GET", "/api/spaces", 200, "[" + SPACE + "]");
        Result table = warren("", "space", "list");
        assertThat(table.code()).isZero();
        assertThat(table.out().lines().toList()).containsExactly(
                "NAME  STATE    TEMPLATE  STACK  OWNER  DESCRIPTION",
                "web   running  ubuntu    shop   alice  My dev environment");
        assertThat(stub.last().header("Authorization")).isEqualTo("Bearer test-token");

        Result asJson = warren("", "space", "list", "--json");
        assertThat(asJson.code()).isZero();
        JsonNode list = json.readTree(asJson.out());
        assertThat(list.get(0).get("name").asText()).isEqualTo("web");
        assertThat(list.get(0).get("is_running").asBoolean()).isTrue();
    }

    @Test
    void a_missing_space_exits_3_with_the_server_sentence() throws Exception {
        stub.json("GET", "/api/spaces/nope", 404, error("The space nope was not found."));
        Result result = warren("", "space", "get", "nope");
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("warren: The space nope was not found.");
    }

    @Test
    void errors_with_json_are_json_on_stderr() throws Exception {
        stub.json("GET", "/api/spaces/nope", 404, error("The space nope was not found."));
        Result result = warren("", "--json", "space", "get", "nope");
        assertThat(result.code()).isEqualTo(3);
        JsonNode body = json.readTree(result.err());
        assertThat(body.get("status").asInt()).isEqualTo(404);
        assertThat(body.get("exit_code").asInt()).isEqualTo(3);
    }

    @Test
    void a_bad_token_exits_4_and_a_running_space_refusing_delete_exits_5() throws Exception {
        stub.json("GET", "/api/auth/me", 401, error("The bearer token is invalid, expired or revoked."));
        assertThat(warren("", "whoami").code()).isEqualTo(4);
        stub.json("DELETE", "/api/spaces/web", 423, error("The space web is running; stop it first."));
        Result result = warren("", "space", "delete", "web");
        assertThat(result.code()).isEqualTo(5);
        assertThat(result.err()).contains("stop it first");
    }

    @Test
    void invalid_input_and_unknown_options_exit_2() throws Exception {
        stub.json("POST", "/api/spaces", 400, """
                {"error":"The space cannot be created.","detail":"","validations":[{"field":"name",
                 "message":"The name may only hold letters, digits and dashes."}],"correlation_id":null}""");
        Result invalid = warren("", "space", "create", "bad name", "--template", "ubuntu");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err()).contains("name: The name may only hold letters");
        assertThat(warren("", "space", "list", "--no-such-option").code()).isEqualTo(2);
        assertThat(warren("", "port", "forward", "8080", "api", "3000").code()).isEqualTo(2);
    }

    @Test
    void space_run_prints_the_output_and_exits_with_the_command_exit_code() throws Exception {
        stub.json("POST", "/api/spaces/web/run", 200, """
                {"output":"total 0\\noops\\n","stdout":"total 0\\n","stderr":"oops\\n","exit_code":7,"timed_out":false,
                 "truncated":false}""");
        Result result = warren("", "space", "run", "--timeout", "5", "web", "ls", "-la", "/tmp");
        assertThat(result.code()).isEqualTo(7);
        assertThat(result.out()).isEqualTo("total 0\n");
        assertThat(result.err()).isEqualTo("oops\n");
        JsonNode body = json.readTree(stub.last().body());
        assertThat(body.get("args").toString()).isEqualTo("[\"-la\",\"/tmp\"]");
        assertThat(body.get("timeout").asInt()).isEqualTo(5);
    }

    @Test
    void space_exec_prints_output_while_the_command_runs_and_exits_with_its_code() throws Exception {
        java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
        stub.stream("POST", "/api/spaces/web/processes", "application/x-ndjson", (request, body) -> {
            body.line("{\"type\":\"start\",\"pid\":7}");
            body.line("{\"type\":\"stdout\",\"data\":\"first\\n\"}");
            boolean seen = printed.await(30, TimeUnit.SECONDS); // released once the launcher has printed "first"
            body.line("{\"type\":\"stderr\",\"data\":\"" + (seen ? "live" : "late") + "\\n\"}");
            body.line("{\"type\":\"exit\",\"exit_code\":7,\"signal\":null,\"timed_out\":false,\"truncated\":false}");
        });
        Path launcher = Path.of(System.getProperty("warren.launcher", "target/bin/warren"));
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "space", "exec", "web", "--", "sh", "-c",
                "echo first; sleep 1; echo live >&2; exit 7");
        builder.environment().keySet().removeIf(key -> key.startsWith("WARREN_"));
        builder.environment().put("WARREN_SERVER", stub.url());
        builder.environment().put("WARREN_TOKEN", "test-token");
        builder.environment().put("XDG_CONFIG_HOME", config.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(lines.readLine()).isEqualTo("first");
        printed.countDown();
        assertThat(lines.readLine()).isNull();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(7);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("live\n");
        assertThat(json.readTree(stub.last().body()).get("args").get(1).asText()).startsWith("echo first");
    }

    @Test
    void space_exec_json_prints_one_event_per_line_and_timeouts_exit_124() throws Exception {
        stub.raw("POST", "/api/spaces/web/processes", 200, "application/x-ndjson", """
                {"type":"start","pid":7}
                {"type":"stdout","data":"partial"}
                {"type":"exit","exit_code":137,"signal":9,"timed_out":true,"truncated":false}
                """.getBytes(StandardCharsets.UTF_8));
        Result result = warren("", "--json", "space", "exec", "web", "--timeout", "1", "--", "sleep", "9");
        assertThat(result.code()).isEqualTo(124);
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(json.readTree(lines.get(2)).get("timed_out").asBoolean()).isTrue();
    }

    @Test
    void cat_streams_bytes_and_write_sends_stdin() throws Exception {
        stub.raw("GET", "/api/spaces/web/files", 200, "application/octet-stream",
                "web-host\n".getBytes(StandardCharsets.UTF_8));
        Result cat = warren("", "space", "cat", "web", "/etc/hostname");
        assertThat(cat.code()).isZero();
        assertThat(cat.out()).isEqualTo("web-host\n");
        stub.raw("PUT", "/api/spaces/web/files", 204, "application/json", new byte[0]);
        assertThat(warren("hello from stdin", "space", "write", "web", "/tmp/x").code()).isZero();
        assertThat(stub.last().text()).isEqualTo("hello from stdin");
        assertThat(stub.last().query()).isEqualTo("path=%2Ftmp%2Fx");
    }

    @Test
    void login_creates_a_token_and_writes_the_config_file_with_mode_0600() throws Exception {
        stub.json("POST", "/api/auth/login", 200, "{\"user\":" + USER + ",\"csrf_token\":\"c1\"}");
        stub.json("POST", "/api/tokens", 201, "{\"id\":\"tk1\",\"name\":\"cli\",\"token\":\"new-secret\",\"expires_at\":null}");
        stub.json("POST", "/api/auth/logout", 204, "");
        stub.json("GET", "/api/auth/me", 200, USER);
        Result result = warren("s3cret\n", "login", "--server", stub.url(), "--username", "alice", "--password-stdin");
        assertThat(result.code()).as(result.err()).isZero();
        Path file = config.resolve("warren/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode stored = json.readTree(file.toFile());
        assertThat(stored.get("token").asText()).isEqualTo("new-secret");
        assertThat(stored.get("server").asText()).isEqualTo(stub.url());
        assertThat(json.readTree(stub.requests.getFirst().body()).get("password").asText()).isEqualTo("s3cret");
        assertThat(stub.requests.get(1).header("X-CSRF-Token")).isEqualTo("c1");
    }

    @Test
    void completion_prints_a_bash_script() throws Exception {
        Result result = warren("", "completion");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("complete -F").contains("warren");
    }
}
