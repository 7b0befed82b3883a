package dev.warren.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Processes.ProcessEvent;
import dev.warren.client.wire.Processes.ProcessInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Processes: what the SDK sends, and how it reads NDJSON streams as they arrive. */
class ProcessesTest {
    private static final String NDJSON = "application/x-ndjson";
    private static final String PATH = "/api/spaces/web/processes";
    private static final String INFO = """
            {"pid":42,"argv":["sh","-c","while true; do date; sleep 1; done"],"running":true,"exit_code":null,
             "background":true,"tty":false,"main":false,"started_at":"2026-01-01T00:00:00Z"}""";
    private final ObjectMapper json = new ObjectMapper();
    private StubServer stub;
    private Warren warren;
    private ProcessesApi processes;

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
        warren = Warren.connect(new Connection(URI.create(stub.url()), "the-token", null, null));
        processes = warren.processes("web");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private JsonNode body(StubServer.Recorded request) throws Exception {
        return json.readTree(request.body());
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String exit(int code) {
        return "{\"type\":\"exit\",\"exit_code\":" + code + ",\"signal\":null,\"timed_out\":false,\"truncated\":false}";
    }

    @Test
    void shell_mode_with_arguments_is_refused_before_any_request() {
        assertThatThrownBy(() -> new RunOptions(RunOptions.Mode.SHELL, List.of("-la"), null, null, null, null, null,
                false, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Shell mode").hasMessageContaining("RunOptions.argv");
        assertThatThrownBy(() -> processes.run("ls", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RunOptions.shell()");
        assertThatThrownBy(() -> processes.background(" ", RunOptions.shell()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> RunOptions.argv().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> processes.background("sleep", RunOptions.argv("60").withTimeout(Duration.ofSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no timeout");
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void shell_mode_sends_one_line_with_shell_true_and_no_args() throws Exception {
        stub.raw("POST", PATH, 200, NDJSON, lines("{\"type\":\"start\",\"pid\":7}", exit(0)));
        processes.run("ls -la | wc -l", RunOptions.shell());
        StubServer.Recorded request = stub.last();
        assertThat(request.header("Accept")).isEqualTo(NDJSON);
        assertThat(request.header("Authorization")).isEqualTo("Bearer the-token");
        JsonNode body = body(request);
        assertThat(body.get("command").asText()).isEqualTo("ls -la | wc -l");
        assertThat(body.get("shell").asBoolean()).isTrue();
        assertThat(body.get("args").isNull()).isTrue();
        assertThat(body.get("background").asBoolean()).isFalse();
        assertThat(body.get("stdin").asBoolean()).isFalse();
    }

    @Test
    void argv_mode_sends_the_program_its_exact_arguments_and_every_option() throws Exception {
        stub.raw("POST", PATH, 200, NDJSON, lines(exit(0)));
        processes.run("ls", RunOptions.argv("-la", "/tmp/a b").withEnv("A", "1").withEnv(Map.of("B", "2"))
                .withWorkdir("/srv").withUser("app").withTimeout(Duration.ofMillis(1500)).withTty(120, 40));
        JsonNode body = body(stub.last());
        assertThat(body.get("command").asText()).isEqualTo("ls");
        assertThat(body.get("shell").asBoolean()).isFalse();
        assertThat(body.get("args").toString()).isEqualTo("[\"-la\",\"/tmp/a b\"]");
        assertThat(body.get("env").toString()).isEqualTo("{\"A\":\"1\",\"B\":\"2\"}");
        assertThat(body.get("workdir").asText()).isEqualTo("/srv");
        assertThat(body.get("user").asText()).isEqualTo("app");
        assertThat(body.get("timeout").asInt()).isEqualTo(2);
        assertThat(body.get("tty").get("cols").asInt()).isEqualTo(120);
        assertThat(body.get("tty").get("rows").asInt()).isEqualTo(40);
    }

    @Test
    void output_reaches_the_callbacks_while_the_stream_is_still_open() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        stub.stream("POST", PATH, NDJSON, (request, body) -> {
            body.line("{\"type\":\"start\",\"pid\":7}");
            body.line("{\"type\":\"stdout\",\"data\":\"first\\n\"}");
            // the exit is only written once the client has handed "first" to its callback
            boolean delivered = seen.await(20, TimeUnit.SECONDS);
            body.line("{\"type\":\"stderr\",\"data\":\"" + (delivered ? "live" : "buffered") + "\"}");
            body.line(exit(delivered ? 0 : 99));
        });
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> types = new ArrayList<>();
        CommandResult result = processes.run("date", RunOptions.argv()
                .onStdout(text -> {
                    out.add(text);
                    seen.countDown();
                })
                .onEvent(event -> types.add(event.type())));
        assertThat(result).isEqualTo(new CommandResult("first\n", "live", 0, null, false, false));
        assertThat(result.succeeded()).isTrue();
        assertThat(out).containsExactly("first\n");
        assertThat(types).containsExactly("start", "stdout", "stderr", "exit");
    }

    @Test
    void a_quiet_stream_outlives_the_request_timeout() {
        Warren impatient = Warren.builder().connection(new Connection(URI.create(stub.url()), "t", null, null))
                .requestTimeout(Duration.ofMillis(300)).build();
        stub.stream("POST", PATH, NDJSON, (request, body) -> {
            body.line("{\"type\":\"start\",\"pid\":7}");
            new CountDownLatch(1).await(1200, TimeUnit.MILLISECONDS); // a process that prints nothing for a while
            body.line(exit(0));
        });
        assertThat(impatient.processes("web").run("sleep 1", RunOptions.shell()).exitCode()).isZero();
    }

    @Test
    void a_non_zero_exit_a_signal_and_a_timeout_are_results_not_exceptions() {
        stub.raw("POST", PATH, 200, NDJSON, lines("{\"type\":\"stdout\",\"data\":\"partial\"}",
                "{\"type\":\"exit\",\"exit_code\":3,\"signal\":null,\"timed_out\":false,\"truncated\":true}"));
        CommandResult failed = processes.run("false", RunOptions.argv());
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.truncated()).isTrue();
        assertThat(failed.succeeded()).isFalse();

        stub.raw("POST", PATH, 200, NDJSON, lines(
                "{\"type\":\"exit\",\"exit_code\":null,\"signal\":9,\"timed_out\":true,\"truncated\":false}"));
        CommandResult killed = processes.run("sleep 9", RunOptions.shell().withTimeout(Duration.ofSeconds(1)));
        assertThat(killed.signal()).isEqualTo(9);
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(killed.timedOut()).isTrue();
    }

    @Test
    void an_error_event_or_a_stream_without_exit_is_a_broken_stream() {
        stub.raw("POST", PATH, 200, NDJSON, lines("{\"type\":\"start\",\"pid\":7}",
                "{\"type\":\"error\",\"data\":\"The space's agent stopped answering.\"}"));
        assertThatThrownBy(() -> processes.run("make", RunOptions.argv()))
                .isInstanceOf(WarrenException.StreamBroken.class)
                .hasMessageContaining("The space's agent stopped answering.");
        stub.raw("POST", PATH, 200, NDJSON, lines("{\"type\":\"start\",\"pid\":7}"));
        assertThatThrownBy(() -> processes.run("make", RunOptions.argv()))
                .isInstanceOf(WarrenException.StreamBroken.class).hasMessageContaining("ended before");
        stub.raw("POST", PATH, 200, NDJSON, lines("<html>proxy</html>"));
        assertThatThrownBy(() -> processes.run("make", RunOptions.argv()))
                .isInstanceOf(WarrenException.StreamBroken.class).hasMessageContaining("not a process event");
    }

    @Test
    void unknown_event_types_and_fields_are_passed_on_not_refused() {
        stub.raw("POST", PATH, 200, NDJSON, lines("{\"type\":\"usage\",\"cpu\":1.5}",
                "{\"type\":\"stdout\",\"data\":\"x\",\"seq\":1}", exit(0)));
        List<ProcessEvent> events = new ArrayList<>();
        assertThat(processes.run("x", RunOptions.argv().onEvent(events::add)).stdout()).isEqualTo("x");
        assertThat(events).extracting(ProcessEvent::type).containsExactly("usage", "stdout", "exit");
    }

    @Test
    void errors_before_the_stream_opens_are_the_typed_exceptions() {
        stub.json("POST", PATH, 423, "{\"error\":\"The space web is not running.\",\"detail\":\"\","
                + "\"validations\":[],\"correlation_id\":null}");
        assertThatThrownBy(() -> processes.run("ls", RunOptions.argv()))
                .isInstanceOf(WarrenException.WrongState.class).hasMessage("The space web is not running.");
        assertThatThrownBy(() -> warren.processes("nope").attach(5)).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void stdin_text_is_written_once_the_process_has_started_then_closed() throws Exception {
        stub.json("POST", PATH + "/7/stdin", 204, "");
        stub.stream("POST", PATH, NDJSON, (request, body) -> {
            body.line("{\"type\":\"start\",\"pid\":7}");
            Instant deadline = Instant.now().plusSeconds(20);
            while (stub.requests.stream().noneMatch(r -> r.path().endsWith("/stdin")) && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
            body.line("{\"type\":\"stdout\",\"data\":\"HELLO\"}");
            body.line(exit(0));
        });
        CommandResult result = processes.run("tr a-z A-Z", RunOptions.shell().withStdin("hello"));
        assertThat(result.stdout()).isEqualTo("HELLO");
        assertThat(body(stub.requests.getFirst()).get("stdin").asBoolean()).isTrue();
        JsonNode stdin = body(stub.requests.get(1));
        assertThat(stdin.get("data").asText()).isEqualTo("hello");
        assertThat(stdin.get("close").asBoolean()).isTrue();
    }

    @Test
    void background_returns_a_handle_that_attaches_feeds_signals_resizes_and_kills() throws Exception {
        stub.json("POST", PATH, 201, INFO);
        stub.raw("GET", PATH + "/42/output", 200, NDJSON, lines("{\"type\":\"stdout\",\"data\":\"Thu Jan 1\\n\"}",
                "{\"type\":\"exit\",\"exit_code\":null,\"signal\":9,\"timed_out\":false,\"truncated\":false}"));
        for (String action : List.of("stdin", "signal", "resize")) {
            stub.json("POST", PATH + "/42/" + action, 204, "");
        }
        stub.json("DELETE", PATH + "/42", 204, "");
        stub.json("GET", PATH + "/42", 200, INFO);
        List<String> seen = new ArrayList<>();

        CommandHandle clock = processes.background("while true; do date; sleep 1; done",
                RunOptions.shell().withStdinOpen().onStdout(seen::add));
        assertThat(clock.pid()).isEqualTo(42);
        JsonNode start = body(stub.last());
        assertThat(start.get("background").asBoolean()).isTrue();
        assertThat(start.get("stdin").asBoolean()).isTrue();
        assertThat(clock.refresh().running()).isTrue();

        clock.sendStdin("line\n");
        assertThat(body(stub.last()).get("data").asText()).isEqualTo("line\n");
        assertThat(body(stub.last()).get("close").asBoolean()).isFalse();
        clock.closeStdin();
        assertThat(body(stub.last()).get("close").asBoolean()).isTrue();
        clock.signal("TERM");
        assertThat(body(stub.last()).get("signal").asText()).isEqualTo("TERM");
        clock.resize(100, 30);
        assertThat(body(stub.last()).get("cols").asInt()).isEqualTo(100);
        clock.kill();
        assertThat(stub.last().method()).isEqualTo("DELETE");
        assertThat(stub.last().path()).isEqualTo(PATH + "/42");

        CommandResult result = clock.waitFor();
        assertThat(stub.last().path()).isEqualTo(PATH + "/42/output");
        assertThat(stub.last().header("Accept")).isEqualTo(NDJSON);
        assertThat(seen).containsExactly("Thu Jan 1\n");
        assertThat(result.signal()).isEqualTo(9);
    }

    @Test
    void large_stdin_goes_in_chunks_that_keep_characters_whole_and_close_with_the_last() throws Exception {
        stub.json("POST", PATH, 201, INFO);
        stub.json("POST", PATH + "/42/stdin", 204, "");
        String emoji = "\uD83D\uDE00";
        String data = "a".repeat(ProcessesApi.STDIN_CHUNK - 1) + emoji + "b".repeat(10);
        processes.background("wc", RunOptions.argv("-c").withStdin(data));
        List<JsonNode> writes = new ArrayList<>();
        for (StubServer.Recorded request : stub.requests.subList(1, stub.requests.size())) {
            writes.add(body(request));
        }
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).get("data").asText()).hasSize(ProcessesApi.STDIN_CHUNK - 1);
        assertThat(writes.get(0).get("close").asBoolean()).isFalse();
        assertThat(writes.get(1).get("data").asText()).startsWith(emoji).endsWith("b");
        assertThat(writes.get(1).get("close").asBoolean()).isTrue();
    }

    @Test
    void a_signal_to_an_exited_process_is_a_conflict() {
        stub.json("POST", PATH + "/42/signal", 409, "{\"error\":\"The process 42 has already exited.\","
                + "\"detail\":\"\",\"validations\":[],\"correlation_id\":null}");
        assertThatThrownBy(() -> processes.signal(42, "TERM")).isInstanceOf(WarrenException.Conflict.class)
                .hasMessage("The process 42 has already exited.");
        assertThatThrownBy(() -> processes.signal(42, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> processes.kill(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void list_and_get_read_process_info() {
        stub.json("GET", PATH, 200, "[" + INFO + ",{\"pid\":1,\"argv\":[\"/sbin/init\"],\"running\":true,"
                + "\"exit_code\":null,\"background\":false,\"tty\":false,\"main\":true,\"started_at\":null}]");
        List<ProcessInfo> all = processes.list();
        assertThat(all).extracting(ProcessInfo::pid).containsExactly(42, 1);
        assertThat(all.get(0).argv()).containsExactly("sh", "-c", "while true; do date; sleep 1; done");
        assertThat(all.get(1).main()).isTrue();
        stub.json("GET", PATH + "/42", 200, INFO);
        assertThat(processes.get(42).background()).isTrue();
    }

    @Test
    void space_names_are_encoded_in_process_paths() {
        stub.json("GET", "/api/spaces/my%20space/processes", 200, "[]");
        assertThat(warren.processes("my space").list()).isEmpty();
        assertThatThrownBy(() -> warren.processes(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void list_all_asks_for_every_users_spaces() {
        stub.json("GET", "/api/spaces", 200, "[]");
        assertThat(warren.listAll()).isEmpty();
        assertThat(stub.last().query()).isEqualTo("all=true");
    }
}
