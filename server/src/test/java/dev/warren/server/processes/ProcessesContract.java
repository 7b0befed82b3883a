package dev.warren.server.processes;

import dev.warren.client.CommandHandle;
import dev.warren.client.CommandResult;
import dev.warren.client.OutputCallbacks;
import dev.warren.client.RunOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Processes through the in-space agent on a real engine, via the SDK: streamed output, background processes that
 * are listed, read live and killed, stdin, the template's user and workdir, and the faults (a client that goes
 * away, an agent that dies, a server restart).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProcessesContract {
    private TestServer server;
    private Warren owner;
    private String ownerToken;
    private String space;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        String username = TestServer.randomName("proc");
        owner = server.newUser(username);
        ownerToken = Warren.login(server.url(), username, "password-" + username, "raw", null).token();
        String template = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, infinity]\nworkdir: /srv/work\nuser: \"65534:65534\"\n", List.of(), true));
        space = TestServer.randomName("box");
        owner.create(space, template);
        owner.start(space);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                throw new AssertionError(interrupted);
            }
        }
    }

    @Test
    void echo_runs_through_the_agent_in_both_modes() {
        CommandResult shell = owner.processes(space).run("echo hi from $HOME", RunOptions.shell());
        assertThat(shell.stdout()).startsWith("hi from");
        assertThat(shell.exitCode()).isZero();
        CommandResult argv = owner.processes(space).run("echo", RunOptions.argv("a  b", "$HOME"));
        assertThat(argv.stdout()).isEqualTo("a  b $HOME\n");
        assertThat(owner.run(space, "sh", "-c", "echo knot; exit 4").exitCode()).isEqualTo(4);
    }

    @Test
    void output_streams_before_the_process_ends() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        long begin = System.nanoTime();
        CommandResult result = owner.processes(space).run("echo first; sleep 1; echo second",
                RunOptions.shell().onStdout(chunk -> seen.add(System.nanoTime())));
        long end = System.nanoTime();
        assertThat(result.stdout()).isEqualTo("first\nsecond\n");
        assertThat(seen).isNotEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(end - seen.getFirst())).as("first chunk came early")
                .isGreaterThan(500);
        assertThat(TimeUnit.NANOSECONDS.toMillis(end - begin)).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void the_templates_user_and_workdir_apply_and_a_request_may_override_them() {
        assertThat(owner.processes(space).run("id -u; pwd", RunOptions.shell()).stdout())
                .isEqualTo("65534\n/srv/work\n");
        assertThat(owner.processes(space).run("id -u; pwd", RunOptions.shell().withUser("0").withWorkdir("/tmp"))
                .stdout()).isEqualTo("0\n/tmp\n");
        owner.writeFile(space, "/tmp/mine.txt", "mine");
        assertThat(owner.run(space, "stat", "-c", "%u", "/tmp/mine.txt").output())
                .as("files are written as the space's user").isEqualTo("65534\n");
        assertThatThrownBy(() -> owner.writeFile(space, "/etc/not-mine", "x"))
                .isInstanceOfSatisfying(WarrenException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void a_background_loop_is_listed_read_live_and_killed() {
        CommandHandle loop = owner.processes(space).background("while true; do date; sleep 1; done",
                RunOptions.shell());
        assertThat(owner.processes(space).list()).anySatisfy(info -> {
            assertThat(info.pid()).isEqualTo(loop.pid());
            assertThat(info.running()).isTrue();
            assertThat(info.background()).isTrue();
        });
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                loop.waitFor(OutputCallbacks.none().onStdout(lines::add));
            } catch (RuntimeException ended) {
                // the kill below ends the stream
            }
        });
        await(() -> lines.size() >= 3, "three lines arrived live");
        loop.kill();
        await(() -> !reader.isAlive(), "the stream ended with the process");
        ProcessInfo after = owner.processes(space).get(loop.pid());
        assertThat(after.running()).isFalse();
        assertThatThrownBy(() -> owner.processes(space).signal(loop.pid(), "TERM"))
                .isInstanceOfSatisfying(WarrenException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void stdin_reaches_a_background_process() {
        CommandHandle cat = owner.processes(space).background("cat", RunOptions.argv().withStdinOpen());
        cat.sendStdin("ping\n");
        cat.closeStdin();
        assertThat(cat.waitFor().stdout()).isEqualTo("ping\n");
    }

    @Test
    void unknown_pids_bad_signals_and_stopped_spaces_are_refused() {
        assertThatThrownBy(() -> owner.processes(space).get(999_999))
                .isInstanceOfSatisfying(WarrenException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> owner.processes(space).signal(999_999, "NOPE"))
                .isInstanceOfSatisfying(WarrenException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> owner.processes(space).run("warren-no-such-program", RunOptions.argv()))
                .isInstanceOfSatisfying(WarrenException.class, e -> assertThat(e.status()).isEqualTo(400));
        Warren stranger = server.newUser(TestServer.randomName("stranger"));
        assertThatThrownBy(() -> stranger.processes(space).list())
                .isInstanceOfSatisfying(WarrenException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void the_startup_script_runs_in_the_background_after_each_start() {
        String name = TestServer.randomName("boots");
        owner.create(name, "base");
        String script = TestServer.randomName("startup");
        server.admin().scripts().create(new dev.warren.client.wire.Scripts.ScriptRequest(script, "",
                "#!/bin/sh\necho \"started $WARREN_SPACE_NAME\" >> /tmp/startup.log\n"));
        owner.setStartupScript(name, script);
        owner.start(name);
        await(() -> owner.run(name, "cat", "/tmp/startup.log").output().equals("started " + name + "\n"),
                "the startup script ran");
        assertThat(owner.processes(name).list()).anySatisfy(info -> {
            assertThat(info.background()).isTrue();
            assertThat(info.exitCode()).isZero();
        });
        owner.stop(name);
    }

    @Test
    void a_flood_of_output_is_capped_and_says_so() {
        var result = owner.run(space, "sh", "-c", "head -c 40000000 /dev/zero");
        assertThat(result.truncated()).isTrue();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void a_client_that_goes_away_takes_its_foreground_process_with_it() throws Exception {
        String marker = "30" + System.nanoTime() % 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/spaces/" + space + "/processes"))
                .header("Authorization", "Bearer " + ownerToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"sleep\",\"args\":[\"" + marker + "\"]}"))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                assertThat(body.read()).isEqualTo('{'); // the start event: it runs
                await(() -> running(marker), "the process runs");
            }
        }
        await(() -> !running(marker), "the process was killed with its stream");
    }

    private boolean running(String marker) {
        return owner.processes(space).list().stream()
                .anyMatch(info -> info.running() && info.argv().contains(marker));
    }

    @Test
    void a_restarted_server_finds_the_agent_and_its_background_processes() {
        CommandHandle loop = owner.processes(space).background("sleep 600", RunOptions.shell());
        server.halt();
        server.boot();
        Warren again = Warren.connect(server.url(), ownerToken);
        assertThat(again.processes(space).get(loop.pid()).running()).isTrue();
        again.processes(space).kill(loop.pid());
        assertThat(again.processes(space).run("echo back", RunOptions.shell()).stdout()).isEqualTo("back\n");
        owner = again;
    }

    @Test
    void an_agent_that_does_not_answer_marks_its_space_unhealthy_until_it_answers_again() throws Exception {
        String name = TestServer.randomName("stuck");
        owner.create(name, "base");
        owner.start(name);
        String id = owner.get(name).id();
        long pid = server.server().services().runtime().inspect(id).orElseThrow().namespaceHostPid().orElseThrow();
        signal("STOP", pid);
        try {
            server.server().services().reconciler().reconcile();
            var info = owner.get(name);
            assertThat(info.isRunning()).isTrue();
            assertThat(info.healthy()).isFalse();
            assertThat(info.healthDetail()).contains("agent does not answer");
        } finally {
            signal("CONT", pid);
        }
        server.server().services().reconciler().reconcile();
        assertThat(owner.get(name).healthy()).isTrue();
        owner.stop(name);
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    @Test
    void a_dead_agent_stops_the_space_with_a_sentence_and_the_next_start_brings_it_back() throws Exception {
        String name = TestServer.randomName("dies");
        owner.create(name, "base");
        owner.start(name);
        String id = owner.get(name).id();
        long pid = server.server().services().runtime().inspect(id).orElseThrow().namespaceHostPid().orElseThrow();
        signal("KILL", pid);
        await(() -> server.server().services().runtime().inspect(id).filter(s -> s.running()).isEmpty(),
                "the space stops with its agent");
        // SIGKILL of process 1 under a memory limit reads as running out of memory: not restarted by itself (it would
        // run out again), marked stopped with the sentence, and the next start brings a fresh agent.
        server.server().services().reconciler().reconcile();
        assertThat(owner.get(name).state()).isEqualTo("stopped");
        assertThat(owner.get(name).healthDetail()).contains("exit code 137");
        owner.start(name);
        assertThat(owner.processes(name).run("echo alive", RunOptions.shell()).stdout()).isEqualTo("alive\n");
        owner.stop(name);
    }
}
