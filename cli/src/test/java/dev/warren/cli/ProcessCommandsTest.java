package dev.warren.cli;

import dev.warren.client.StubServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code space exec|attach|ps|kill} and {@code space list --all} over a real socket: output, JSON lines, exit codes. */
class ProcessCommandsTest {
    private static final String NDJSON = "application/x-ndjson";
    private static final String PATH = "/api/spaces/web/processes";
    private static final String INFO = """
            {"pid":42,"argv":["sh","-c","while true; do date; sleep 1; done"],"running":true,"exit_code":null,
             "background":true,"tty":false,"main":false,"started_at":"2026-01-01T00:00:00Z"}""";
    private final ObjectMapper json = new ObjectMapper();
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

    private int runWithStdin(String stdin, String... args) {
        Map<String, String> env = Map.of("WARREN_SERVER", stub.url(), "WARREN_TOKEN", "t", "HOME", "/nonexistent-home");
        return WarrenCommand.commandLine(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private int run(String... args) {
        return runWithStdin("", args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode body(StubServer.Recorded request) throws Exception {
        return json.readTree(request.body());
    }

    private void answer(String... lines) {
        stub.raw("POST", PATH, 200, NDJSON, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String exit(String code, String signal, boolean timedOut) {
        return "{\"type\":\"exit\",\"exit_code\":" + code + ",\"signal\":" + signal + ",\"timed_out\":" + timedOut
                + ",\"truncated\":false}";
    }

    @Test
    void exec_streams_stdout_and_stderr_apart_and_exits_with_the_process_code() throws Exception {
        answer("{\"type\":\"start\",\"pid\":7}", "{\"type\":\"stdout\",\"data\":\"total 0\\n\"}",
                "{\"type\":\"stderr\",\"data\":\"oops\\n\"}", exit("7", "null", false));
        int code = run("space", "exec", "web", "-e", "A=1", "-w", "/tmp", "-u", "app", "--timeout", "5", "--",
                "ls", "-la", "/tmp");
        assertThat(code).isEqualTo(7);
        assertThat(out()).isEqualTo("total 0\n");
        assertThat(err()).isEqualTo("oops\n");
        JsonNode body = body(stub.last());
        assertThat(body.get("command").asText()).isEqualTo("ls");
        assertThat(body.get("args").toString()).isEqualTo("[\"-la\",\"/tmp\"]");
        assertThat(body.get("shell").asBoolean()).isFalse();
        assertThat(body.get("env").get("A").asText()).isEqualTo("1");
        assertThat(body.get("workdir").asText()).isEqualTo("/tmp");
        assertThat(body.get("user").asText()).isEqualTo("app");
        assertThat(body.get("timeout").asInt()).isEqualTo(5);
        assertThat(body.get("background").asBoolean()).isFalse();
    }

    @Test
    void exec_shell_sends_one_line_and_refuses_several_words_without_a_request() throws Exception {
        answer(exit("0", "null", false));
        assertThat(run("space", "exec", "web", "--shell", "--", "ls | wc -l")).isZero();
        assertThat(body(stub.last()).get("shell").asBoolean()).isTrue();
        assertThat(body(stub.last()).get("command").asText()).isEqualTo("ls | wc -l");
        int requests = stub.requests.size();
        assertThat(run("space", "exec", "web", "--shell", "--", "ls", "|", "wc")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("one shell line");
        assertThat(stub.requests).hasSize(requests);
    }

    @Test
    void a_timeout_exits_124_and_a_signal_exits_128_plus_its_number() {
        answer(exit("137", "9", true));
        assertThat(run("space", "exec", "web", "--timeout", "1", "--", "sleep", "9")).isEqualTo(124);
        assertThat(err()).contains("timed out");
        answer(exit("null", "15", false));
        assertThat(run("space", "exec", "web", "--", "sleep", "9")).isEqualTo(143);
        assertThat(err()).contains("signal 15");
    }

    @Test
    void exec_json_prints_each_event_as_one_json_line() throws Exception {
        answer("{\"type\":\"start\",\"pid\":7}", "{\"type\":\"stdout\",\"data\":\"hi\\n\"}", exit("3", "null", false));
        assertThat(run("--json", "space", "exec", "web", "--", "sh", "-c", "echo hi; exit 3")).isEqualTo(3);
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(json.readTree(lines.get(0)).get("pid").asInt()).isEqualTo(7);
        assertThat(json.readTree(lines.get(1)).get("data").asText()).isEqualTo("hi\n");
        JsonNode last = json.readTree(lines.get(2));
        assertThat(last.get("type").asText()).isEqualTo("exit");
        assertThat(last.get("exit_code").asInt()).isEqualTo(3);
        assertThat(last.has("data")).isFalse();
        assertThat(err()).isEmpty();
    }

    @Test
    void exec_errors_before_the_stream_use_the_usual_exit_codes() {
        stub.json("POST", PATH, 423, "{\"error\":\"The space web is not running.\",\"detail\":\"\","
                + "\"validations\":[],\"correlation_id\":null}");
        assertThat(run("space", "exec", "web", "--", "ls")).isEqualTo(ExitCodes.CONFLICT);
        assertThat(err()).contains("warren: The space web is not running.");
        assertThat(run("space", "exec", "web")).isEqualTo(ExitCodes.USAGE);
        int requests = stub.requests.size();
        assertThat(run("space", "exec", "web", "-b", "--timeout", "5", "--", "sleep", "60")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("no timeout");
        assertThat(stub.requests).hasSize(requests);
    }

    @Test
    void a_broken_stream_exits_1_with_the_servers_sentence() {
        answer("{\"type\":\"start\",\"pid\":7}", "{\"type\":\"error\",\"data\":\"The agent stopped answering.\"}");
        assertThat(run("space", "exec", "web", "--", "make")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("The agent stopped answering.");
    }

    @Test
    void exec_background_prints_the_pid_or_the_process_as_json() throws Exception {
        stub.json("POST", PATH, 201, INFO);
        assertThat(run("space", "exec", "web", "--background", "--shell", "--",
                "while true; do date; sleep 1; done")).isZero();
        assertThat(out()).isEqualTo("42\n");
        assertThat(body(stub.last()).get("background").asBoolean()).isTrue();
        out.reset();
        assertThat(run("--json", "space", "exec", "web", "-b", "--", "sleep", "60")).isZero();
        assertThat(json.readTree(out()).get("pid").asInt()).isEqualTo(42);
    }

    @Test
    void exec_stdin_sends_our_input_after_the_start_then_closes_it() throws Exception {
        stub.json("POST", PATH + "/7/stdin", 204, "");
        stub.stream("POST", PATH, NDJSON, (request, body) -> {
            body.line("{\"type\":\"start\",\"pid\":7}");
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
            while (stub.requests.stream().noneMatch(r -> r.text().contains("\"close\":true"))
                    && java.time.Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            body.line("{\"type\":\"stdout\",\"data\":\"2\\n\"}");
            body.line(exit("0", "null", false));
        });
        assertThat(runWithStdin("a\nb\n", "space", "exec", "web", "-i", "--", "wc", "-l")).isZero();
        assertThat(out()).isEqualTo("2\n");
        assertThat(body(stub.requests.getFirst()).get("stdin").asBoolean()).isTrue();
        List<JsonNode> writes = stub.requests.stream().filter(r -> r.path().endsWith("/stdin")).map(r -> {
            try {
                return body(r);
            } catch (Exception error) {
                throw new IllegalStateException(error);
            }
        }).toList();
        assertThat(writes.getFirst().get("data").asText()).isEqualTo("a\nb\n");
        assertThat(writes.getLast().get("close").asBoolean()).isTrue();
    }

    @Test
    void attach_streams_until_exit_and_exits_with_its_code() {
        stub.raw("GET", PATH + "/42/output", 200, NDJSON, ("{\"type\":\"stdout\",\"data\":\"tick\\n\"}\n"
                + exit("0", "null", false) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(run("space", "attach", "web", "42")).isZero();
        assertThat(out()).isEqualTo("tick\n");
        assertThat(stub.last().header("Accept")).isEqualTo(NDJSON);
    }

    @Test
    void ps_prints_a_table_and_json() throws Exception {
        stub.json("GET", PATH, 200, "[" + INFO + ",{\"pid\":1,\"argv\":[\"/sbin/init\"],\"running\":false,"
                + "\"exit_code\":0,\"background\":false,\"tty\":true,\"main\":true,\"started_at\":\"2026-01-01T00:00:00Z\"}]");
        assertThat(run("space", "ps", "web")).isZero();
        assertThat(out().lines().toList()).containsExactly(
                "PID  STATE    EXIT  KIND        STARTED               COMMAND",
                "42   running        background  2026-01-01T00:00:00Z  sh -c 'while true; do date; sleep 1; done'",
                "1    exited   0     main,tty    2026-01-01T00:00:00Z  /sbin/init");
        out.reset();
        assertThat(run("space", "ps", "web", "--json")).isZero();
        assertThat(json.readTree(out()).get(0).get("argv").get(2).asText()).startsWith("while");
    }

    @Test
    void kill_sends_sigkill_by_default_or_the_signal_given() throws Exception {
        stub.json("DELETE", PATH + "/42", 204, "");
        stub.json("POST", PATH + "/42/signal", 204, "");
        assertThat(run("space", "kill", "web", "42")).isZero();
        assertThat(stub.last().method()).isEqualTo("DELETE");
        assertThat(out()).contains("Killed process 42 in web.");
        assertThat(run("space", "kill", "web", "42", "--signal", "TERM")).isZero();
        assertThat(body(stub.last()).get("signal").asText()).isEqualTo("TERM");
        stub.json("POST", PATH + "/42/signal", 409, "{\"error\":\"The process 42 has already exited.\","
                + "\"detail\":\"\",\"validations\":[],\"correlation_id\":null}");
        assertThat(run("space", "kill", "web", "42", "-s", "INT")).isEqualTo(ExitCodes.CONFLICT);
        assertThat(err()).contains("already exited");
    }

    @Test
    void list_all_asks_for_every_users_spaces_and_a_refusal_exits_4() {
        stub.json("GET", "/api/spaces", 200, "[]");
        assertThat(run("space", "list", "--all")).isZero();
        assertThat(stub.last().query()).isEqualTo("all=true");
        stub.json("GET", "/api/spaces", 403, "{\"error\":\"Only admins may list every user's spaces.\","
                + "\"detail\":\"\",\"validations\":[],\"correlation_id\":null}");
        assertThat(run("space", "list", "--all")).isEqualTo(ExitCodes.AUTH);
        assertThat(err()).contains("Only admins");
    }
}
