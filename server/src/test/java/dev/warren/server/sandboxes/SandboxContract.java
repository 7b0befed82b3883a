package dev.warren.server.sandboxes;

import dev.warren.client.CommandHandle;
import dev.warren.client.CommandResult;
import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The seed's quickstart and auto-kill examples in Java on a real engine: a sandbox in try-with-resources, a shell
 * command, a file written and read, an HTTP server on port 8080 inside reached through its port URL, and the
 * sandbox gone (store and engine) when the block ends or its time is up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SandboxContract {
    private TestServer server;
    private Warren agent;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        agent = server.newUser(TestServer.randomName("agent"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_seed_quickstart_runs_a_command_writes_a_file_and_serves_a_port_through_its_url() throws Exception {
        String id;
        try (Sandbox sandbox = Sandbox.create(agent, SandboxOptions.defaults())) {
            id = sandbox.id();
            CommandResult result = sandbox.commands().run("echo 'Hello from warren!'", RunOptions.shell());
            assertThat(result.stdout()).isEqualTo("Hello from warren!\n");

            sandbox.files().write("/hello.txt", "world");
            assertThat(sandbox.files().read("/hello.txt")).isEqualTo("world");

            assertThat(sandbox.commands().run("pwd", RunOptions.shell()).stdout()).isEqualTo("/workspace\n");
            sandbox.files().write("/workspace/index.html", "served from the sandbox");
            CommandHandle web = sandbox.commands().background("httpd -f -p 8080 -h /workspace", RunOptions.shell());
            String url = sandbox.getUrl(8080);
            assertThat(url).startsWith("http://8080-" + id + ".localhost:");
            PortUrlRequests.Answer page = fetchUntilServed(url, agent.connection().token());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("served from the sandbox");
            web.kill();
        }
        String gone = id;
        assertThatThrownBy(() -> agent.sandboxes().get(gone)).isInstanceOf(WarrenException.NotFound.class);
        assertThat(server.server().stores().spaces().findById(id)).isEmpty();
        assertThat(server.server().docker().resources()).noneMatch(resource -> resource.name().contains(gone));
    }

    @Test
    void a_sandbox_whose_timeout_passes_is_killed_with_its_container() {
        Sandbox sandbox = Sandbox.create(agent, SandboxOptions.defaults().withTimeout(Duration.ofSeconds(3))
                .withMetadata("example", "auto-kill"));
        assertThat(sandbox.isRunning()).isTrue();
        Instant deadline = Instant.now().plusSeconds(30);
        while (server.server().stores().spaces().findById(sandbox.id()).isPresent()) {
            assertThat(Instant.now()).as("the sandbox outlived its timeout").isBefore(deadline);
            pause(100);
        }
        assertThat(server.server().docker().resources()).noneMatch(resource -> resource.name().contains(sandbox.id()));
        assertThatThrownBy(sandbox::refresh).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void environment_variables_given_at_create_reach_every_process() {
        try (Sandbox sandbox = Sandbox.create(agent, SandboxOptions.defaults().withEnv("MODEL", "small"))) {
            assertThat(sandbox.commands().run("echo $MODEL", RunOptions.shell()).stdout()).isEqualTo("small\n");
        }
    }

    @Test
    void a_paused_sandbox_keeps_its_counter_and_counts_on_after_resume() throws InterruptedException {
        try (Sandbox sandbox = Sandbox.create(agent, SandboxOptions.defaults())) {
            sandbox.commands().background("i=0; while true; do i=$((i+1)); echo $i > /tmp/count; sleep 0.1; done",
                    RunOptions.shell());
            int before = awaitCountAbove(sandbox, 3);
            sandbox.pause();
            assertThat(sandbox.refresh().state()).isEqualTo("paused");
            assertThatThrownBy(() -> sandbox.commands().run("cat /tmp/count", RunOptions.shell()))
                    .isInstanceOf(WarrenException.WrongState.class);
            Thread.sleep(1_500); // time passes while frozen: a running counter would gain about 15
            sandbox.resume();
            int after = count(sandbox);
            assertThat(after - before).as("counted while paused").isLessThanOrEqualTo(3);
            awaitCountAbove(sandbox, after + 5); // and it goes on from where it was
        }
    }

    @Test
    void a_request_through_its_port_url_wakes_an_auto_paused_sandbox_and_gets_its_answer() throws Exception {
        try (Sandbox sandbox = Sandbox.create(agent, SandboxOptions.defaults().withOnTimeout("pause")
                .withAutoResume(true).withIdleTimeout(Duration.ofSeconds(3)))) {
            sandbox.files().write("/workspace/index.html", "awake");
            sandbox.commands().background("httpd -f -p 8080 -h /workspace", RunOptions.shell());
            String url = sandbox.getUrl(8080);
            assertThat(fetchUntilServed(url, agent.connection().token()).body()).isEqualTo("awake");
            Instant deadline = Instant.now().plusSeconds(30);
            while (!"paused".equals(sandbox.refresh().state())) { // unused for 3 s: paused by its idle timeout
                assertThat(Instant.now()).as("never paused for idleness").isBefore(deadline);
                pause(200);
            }
            PortUrlRequests.Answer woken = PortUrlRequests.get(URI.create(url), agent.connection().token());
            assertThat(woken.status()).isEqualTo(200);
            assertThat(woken.body()).isEqualTo("awake");
            assertThat(sandbox.refresh().state()).isEqualTo("running");
        }
    }

    @Test
    void a_sandbox_claimed_from_a_warm_pool_runs_at_once_with_its_own_identity() {
        String template = TestServer.randomName("pooled");
        server.admin().templates().create(new dev.warren.client.wire.Templates.TemplateRequest(template, "", "",
                "image: warren-base:latest\ncommand: [sleep, infinity]\n", java.util.List.of(), true));
        server.admin().templates().setPool(template, 1, 2, Duration.ofMinutes(10));
        agent.sandboxes().kill(agent.sandboxes().create(SandboxOptions.defaults().withTemplate(template)).id());
        Instant deadline = Instant.now().plusSeconds(60);
        while (server.admin().templates().pool(template).ready() < 1) {
            assertThat(Instant.now()).as("the pool never filled").isBefore(deadline);
            pause(200);
        }
        try (Sandbox pooled = Sandbox.create(agent, SandboxOptions.defaults().withTemplate(template)
                .withEnv("MODEL", "small"))) {
            assertThat(server.admin().templates().pool(template).hits()).isEqualTo(1);
            assertThat(pooled.commands().run("echo $WARREN_SPACE_NAME $MODEL; pwd", RunOptions.shell()).stdout())
                    .isEqualTo(pooled.info().name() + " small\n/workspace\n");
        }
        server.admin().templates().setPool(template, 0, 0, Duration.ofMinutes(10));
        deadline = Instant.now().plusSeconds(30);
        while (server.server().docker().resources().stream().filter(resource -> resource.kind().equals("container"))
                .count() > runningSandboxes()) {
            assertThat(Instant.now()).as("pool containers left behind").isBefore(deadline);
            pause(200);
        }
    }

    private long runningSandboxes() {
        return server.server().stores().spaces().listAll().stream()
                .filter(space -> space.containerId() != null).count();
    }

    private static int count(Sandbox sandbox) {
        String text = sandbox.commands().run("cat /tmp/count", RunOptions.shell()).stdout().strip();
        return text.isEmpty() ? 0 : Integer.parseInt(text);
    }

    private static int awaitCountAbove(Sandbox sandbox, int floor) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            int now = count(sandbox);
            if (now > floor) {
                return now;
            }
            assertThat(Instant.now()).as("the counter never passed %s", floor).isBefore(deadline);
            pause(50);
        }
    }

    /** The server inside needs a moment to listen: retry a refused (502) fetch within a deadline. */
    private static PortUrlRequests.Answer fetchUntilServed(String url, String token) throws IOException {
        URI uri = URI.create(url);
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            PortUrlRequests.Answer response = PortUrlRequests.get(uri, token);
            if (response.status() != 502 || Instant.now().isAfter(deadline)) {
                return response;
            }
            pause(100);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}
