package dev.warren.runtime.agent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Processes through {@link AgentClient} against the real agent binary, run on this host. */
class AgentClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static RunningAgent agent;
    private static AgentClient client;

    @BeforeAll
    static void startAgent() {
        agent = RunningAgent.start().awaitReady();
        client = agent.client;
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @Test
    void health_names_the_version_and_uptime() {
        AgentHealth health = client.health();
        assertThat(health.version()).isEqualTo("0.1.0");
        assertThat(health.uptime()).isPositive();
    }

    @Test
    void echo_comes_back_with_exit_code_zero() {
        Events events = Events.readAll(client.start(ProcessRequest.of("echo", "hello")));
        assertThat(events.stdout()).isEqualTo("hello\n");
        assertThat(events.exit()).isEqualTo(new ProcessEvent.Exit(0, 0));
    }

    @Test
    void output_arrives_while_the_process_still_runs() throws IOException {
        try (AgentProcess process = client.start(ProcessRequest.of("sh", "-c", "echo a; sleep 0.3; echo b"))) {
            ProcessEvent first = process.next();
            assertThat(Events.text(first)).isEqualTo("a\n");
            assertThat(info(process.pid())).hasValueSatisfying(info -> assertThat(info.running()).isTrue());
            Events rest = Events.readAll(process);
            assertThat(rest.stdout()).isEqualTo("b\n");
            assertThat(rest.exit().exitCode()).isZero();
        }
    }

    @Test
    void the_exit_does_not_wait_for_a_process_left_behind_holding_the_output() {
        Events events = Events.readAll(client.start(ProcessRequest.of("sh", "-c", "sleep 5 & echo $!")));
        long sleeper = Long.parseLong(events.stdout().strip());
        try {
            assertThat(events.exit().exitCode()).isZero();
            assertThat(ProcessHandle.of(sleeper)).as("the sleep still holds stdout").isPresent();
        } finally {
            ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void stderr_is_a_stream_of_its_own() {
        Events events = Events.readAll(client.start(ProcessRequest.of("sh", "-c", "echo out; echo err >&2")));
        assertThat(events.stdout()).isEqualTo("out\n");
        assertThat(events.stderr()).isEqualTo("err\n");
    }

    @Test
    void the_exit_carries_the_code_or_the_signal() {
        assertThat(Events.readAll(client.start(ProcessRequest.of("sh", "-c", "exit 7"))).exit())
                .isEqualTo(new ProcessEvent.Exit(7, 0));
        assertThat(Events.readAll(client.start(ProcessRequest.of("sh", "-c", "kill -KILL $$"))).exit())
                .isEqualTo(new ProcessEvent.Exit(137, 9));
    }

    @Test
    void stdin_reaches_cat_on_the_connection_and_from_another_one() throws IOException {
        AgentProcess cat = client.start(request(List.of("cat"), r -> r.stdin(true)));
        // the connection's frames are not acknowledged: wait for the echo before writing on another connection
        cat.writeStdin("on the connection\n".getBytes(StandardCharsets.UTF_8));
        assertThat(Events.text(cat.next())).isEqualTo("on the connection\n");
        client.writeStdin(cat.pid(), "from another one\n".getBytes(StandardCharsets.UTF_8));
        cat.closeStdin();
        Events events = Events.readAll(cat);
        assertThat(events.stdout()).isEqualTo("from another one\n");
        assertThat(events.exit().exitCode()).isZero();

        AgentProcess other = client.start(request(List.of("cat"), r -> r.stdin(true)));
        client.closeStdin(other.pid());
        assertThat(Events.readAll(other).exit().exitCode()).isZero();
        assertThatThrownBy(() -> client.writeStdin(other.pid(), new byte[] {1}))
                .isInstanceOf(AgentConflictException.class);
    }

    @Test
    void a_background_process_is_listed_attached_killed_and_then_a_conflict() throws IOException {
        int pid;
        try (AgentProcess started = client.start(request(
                List.of("sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done"),
                r -> r.background(true)))) {
            pid = started.pid();
            assertThat(Events.text(started.next())).startsWith("tick 1\n");
        }
        ProcessInfo info = info(pid).orElseThrow();
        assertThat(info.running()).isTrue();
        assertThat(info.background()).isTrue();
        assertThat(info.argv()).startsWith("sh", "-c");

        try (AgentProcess attached = client.attach(pid)) {
            String replay = Events.text(attached.next());
            assertThat(replay).startsWith("tick 1\n");
            String live = Events.text(attached.next());
            assertThat(replay).doesNotContain(live);
            client.signal(pid, 15);
            Events rest = Events.readAll(attached);
            assertThat(rest.exit()).isEqualTo(new ProcessEvent.Exit(143, 15));
        }
        assertThat(info(pid).orElseThrow().exitCode()).isEqualTo(143);
        assertThatThrownBy(() -> client.signal(pid, 15)).isInstanceOf(AgentConflictException.class)
                .hasMessage("Process " + pid + " has already been killed by signal 15.");
        Events again = Events.readAll(client.attach(pid));
        assertThat(again.stdout()).startsWith("tick 1\n");
        assertThat(again.exit()).isEqualTo(new ProcessEvent.Exit(143, 15));
    }

    @Test
    void a_process_that_exited_is_a_conflict_with_its_code() {
        AgentProcess process = client.start(ProcessRequest.of("true"));
        int pid = process.pid();
        assertThat(Events.readAll(process).exit().exitCode()).isZero();
        assertThatThrownBy(() -> client.signal(pid, 9)).isInstanceOf(AgentConflictException.class)
                .hasMessage("Process " + pid + " has already exited with code 0.");
    }

    @Test
    void an_unknown_pid_is_not_found() {
        assertThatThrownBy(() -> client.signal(999_999, 15)).isInstanceOf(AgentNotFoundException.class);
        assertThatThrownBy(() -> client.attach(999_999)).isInstanceOf(AgentNotFoundException.class);
        assertThatThrownBy(() -> client.resize(999_999, 80, 24)).isInstanceOf(AgentNotFoundException.class);
    }

    @Test
    void closing_a_foreground_connection_kills_the_process() {
        AgentProcess sleeper = client.start(ProcessRequest.of("sleep", "30"));
        int pid = sleeper.pid();
        assertThat(info(pid).orElseThrow().running()).isTrue();
        sleeper.close();
        Await.until(TIMEOUT, "the foreground sleep to be killed", () -> !info(pid).orElseThrow().running());
        assertThat(info(pid).orElseThrow().exitCode()).isEqualTo(137);
    }

    @Test
    void a_terminal_is_a_pts_and_resizes() throws IOException {
        try (AgentProcess shell = client.start(request(List.of("sh", "-c", "tty; read line; stty size"),
                r -> r.tty(new ProcessRequest.Tty(80, 24))))) {
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\n")) {
                seen.append(Events.text(shell.next()));
            }
            assertThat(seen.toString()).startsWith("/dev/pts/");
            assertThat(info(shell.pid()).orElseThrow().tty()).isTrue();
            shell.resize(132, 43);
            shell.writeStdin("\n".getBytes(StandardCharsets.UTF_8));
            Events rest = Events.readAll(shell);
            assertThat(rest.stdout()).contains("43 132");
            assertThat(rest.stderr()).isEmpty();
            assertThat(rest.exit().exitCode()).isZero();
        }
    }

    @Test
    void resizing_a_process_without_terminal_is_a_conflict() {
        try (AgentProcess cat = client.start(request(List.of("cat"), r -> r.stdin(true)))) {
            assertThatThrownBy(() -> client.resize(cat.pid(), 100, 30)).isInstanceOf(AgentConflictException.class)
                    .hasMessageContaining("no terminal");
            assertThatThrownBy(() -> cat.resize(100, 30)).isInstanceOf(AgentConflictException.class);
        }
    }

    @Test
    void a_process_runs_as_the_user_it_names() {
        Events events = Events.readAll(client.start(request(List.of("sh", "-c", "id -u; id -g; echo $HOME"),
                r -> r.user("65534"))));
        assertThat(events.stdout()).isEqualTo("65534\n65534\n" + home("65534") + "\n");
    }

    @Test
    void the_working_directory_and_environment_are_the_requests() throws IOException {
        Path directory = Files.createTempDirectory(agent.directory, "cwd").toRealPath();
        Events events = Events.readAll(client.start(request(List.of("sh", "-c", "pwd; echo $GREETING; env"),
                r -> r.cwd(directory.toString()).env(Map.of("GREETING", "hi there")))));
        assertThat(events.stdout()).startsWith(directory + "\nhi there\n");
        assertThat(events.stdout()).doesNotContain("WARREN_AGENT_");
        Events inherited = Events.readAll(client.start(ProcessRequest.of("pwd")));
        assertThat(inherited.stdout()).isEqualTo(agent.directory.toRealPath() + "\n");
    }

    @Test
    void a_start_that_fails_says_why() {
        assertThatThrownBy(() -> client.start(ProcessRequest.of("nope"))).isExactlyInstanceOf(AgentException.class)
                .hasMessage("No such file or directory: 'nope'");
        assertThatThrownBy(() -> client.start(request(List.of("true"), r -> r.cwd("/nope"))))
                .hasMessage("The working directory '/nope' does not exist.");
        assertThatThrownBy(() -> client.start(request(List.of("true"), r -> r.user("nobody-here"))))
                .hasMessage("There is no user 'nobody-here' in the space's /etc/passwd.");
    }

    @Test
    void a_wrong_secret_is_denied() {
        AgentClient stranger = new AgentClient(agent.socket, "not the secret".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(stranger::health).isInstanceOf(AgentDeniedException.class)
                .hasMessage("The secret does not match.");
        assertThatThrownBy(() -> stranger.start(ProcessRequest.of("true"))).isInstanceOf(AgentDeniedException.class);
    }

    @Test
    void the_secret_file_is_gone_and_the_socket_is_private() throws IOException {
        assertThat(agent.secretFile).doesNotExist();
        assertThat(Files.getPosixFilePermissions(agent.socket)).hasToString("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void a_missing_socket_is_unavailable_in_a_sentence() {
        AgentClient nowhere = new AgentClient(agent.directory.resolve("missing.sock"), agent.secret);
        assertThatThrownBy(nowhere::health).isInstanceOf(AgentUnavailableException.class)
                .hasMessageStartingWith("Cannot connect to the agent at ");
    }

    static Optional<ProcessInfo> info(int pid) {
        return client.processes().stream().filter(p -> p.pid() == pid).findFirst();
    }

    static String home(String uid) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().map(line -> line.split(":"))
                    .filter(fields -> fields[2].equals(uid)).map(fields -> fields[5]).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request built from defaults and a few changes. */
    static ProcessRequest request(List<String> argv, java.util.function.UnaryOperator<Builder> changes) {
        return changes.apply(new Builder(argv)).build();
    }

    static final class Builder {
        private final List<String> argv;
        private Map<String, String> env = Map.of();
        private String cwd;
        private String user;
        private ProcessRequest.Tty tty;
        private boolean background;
        private boolean stdin;

        Builder(List<String> argv) {
            this.argv = argv;
        }

        Builder env(Map<String, String> env) { this.env = env; return this; }
        Builder cwd(String cwd) { this.cwd = cwd; return this; }
        Builder user(String user) { this.user = user; return this; }
        Builder tty(ProcessRequest.Tty tty) { this.tty = tty; return this; }
        Builder background(boolean background) { this.background = background; return this; }
        Builder stdin(boolean stdin) { this.stdin = stdin; return this; }

        ProcessRequest build() {
            return new ProcessRequest(argv, env, cwd, user, tty, background, stdin);
        }
    }
}
