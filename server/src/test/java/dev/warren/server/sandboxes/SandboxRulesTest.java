package dev.warren.server.sandboxes;

import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxFilter;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Sandboxes.SandboxPage;
import dev.warren.core.model.Space;
import dev.warren.server.support.Poll;
import dev.warren.server.support.RawHttp;
import dev.warren.server.support.TestServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox rules on the in-memory runtime (they do not depend on an engine): create with defaults, every refusal
 * changes nothing, metadata filters and cursor pages, permissions, timeouts that end sandboxes even across a
 * restart. The engine flows (the quickstart) run in the Docker and Podman sandbox ITs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxRulesTest {
    private TestServer server;
    private Warren alice;
    private Warren bob;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY, Map.of("WARREN_SANDBOX_MAX_TIMEOUT_SECONDS", "3600"));
        alice = server.newUser(TestServer.randomName("alice"));
        bob = server.newUser(TestServer.randomName("bob"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<Space> spaces() {
        return server.server().stores().spaces().listAll();
    }

    private void refused(ThrowingCallable call, Class<? extends WarrenException> type, String words) {
        List<Space> before = spaces();
        int sandboxesBefore = server.server().stores().sandboxes().all().size();
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(words);
        assertThat(spaces()).isEqualTo(before);
        assertThat(server.server().stores().sandboxes().all()).hasSize(sandboxesBefore);
    }

    @Test
    void a_sandbox_created_with_defaults_runs_with_a_generated_name_and_the_default_timeout() {
        Instant before = Instant.now();
        try (Sandbox sandbox = Sandbox.create(alice, SandboxOptions.defaults())) {
            SandboxInfo info = sandbox.info();
            assertThat(info.state()).isEqualTo("running");
            assertThat(info.name()).matches("sandbox-[a-z0-9]{8}");
            assertThat(info.templateName()).isEqualTo("base");
            assertThat(info.onTimeout()).isEqualTo("kill");
            assertThat(info.secure()).isTrue();
            Duration life = Duration.between(before, Instant.parse(info.endAt()));
            assertThat(life).isBetween(Duration.ofSeconds(290), Duration.ofSeconds(310));
            assertThat(sandbox.commands().run("echo hello", RunOptions.shell()).stdout()).isEqualTo("hello\n");
        }
    }

    @Test
    void environment_variables_reach_processes_and_their_values_are_never_echoed() {
        try (Sandbox sandbox = Sandbox.create(alice, SandboxOptions.defaults().withEnv("GREETING", "bonjour"))) {
            assertThat(sandbox.commands().run("echo $GREETING", RunOptions.shell()).stdout()).isEqualTo("bonjour\n");
            assertThat(sandbox.info().envVarNames()).containsExactly("GREETING");
            assertThat(alice.sandboxes().get(sandbox.id()).toString()).doesNotContain("bonjour");
        }
    }

    @Test
    void a_working_directory_under_the_agents_reserved_path_is_refused() {
        try (Sandbox sandbox = Sandbox.create(alice, SandboxOptions.defaults())) {
            for (String reserved : List.of("/.warren", "/.warren/run", "/tmp/../.warren//run")) {
                assertThatThrownBy(() -> sandbox.commands().run("echo no", RunOptions.shell().withWorkdir(reserved)))
                        .isInstanceOf(WarrenException.ValidationFailed.class)
                        .satisfies(refusal -> assertThat(((WarrenException) refusal).validations())
                                .anyMatch(validation -> validation.field().equals("workdir")));
            }
        }
    }

    @Test
    void closing_a_sandbox_kills_it_unless_it_is_kept_alive() {
        String killed;
        try (Sandbox sandbox = Sandbox.create(alice, SandboxOptions.defaults())) {
            killed = sandbox.id();
        }
        assertThatThrownBy(() -> alice.sandboxes().get(killed)).isInstanceOf(WarrenException.NotFound.class);
        assertThat(server.server().stores().spaces().findById(killed)).isEmpty();
        String kept;
        try (Sandbox sandbox = Sandbox.create(alice, SandboxOptions.defaults().withKeepAlive(true))) {
            kept = sandbox.id();
        }
        assertThat(alice.sandboxes().get(kept).state()).isEqualTo("running");
        try (Sandbox again = Sandbox.connect(alice, kept, true)) {
            assertThat(again.commands().run("echo back", RunOptions.shell()).stdout()).isEqualTo("back\n");
        }
        assertThatThrownBy(() -> alice.sandboxes().get(kept)).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void bad_fields_are_refused_with_a_sentence_naming_them_and_change_nothing() {
        var sandboxes = alice.sandboxes();
        refused(() -> sandboxes.create(SandboxOptions.defaults().withTimeout(Duration.ZERO.minusSeconds(5))),
                WarrenException.ValidationFailed.class, "at least 1 second");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withTimeout(Duration.ofHours(2))),
                WarrenException.ValidationFailed.class, "at most 3600 seconds");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withOnTimeout("explode")),
                WarrenException.ValidationFailed.class, "'kill' or 'pause'");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withTemplate("no-such-template")),
                WarrenException.class, "no-such-template");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withMetadata("bad key", "x")),
                WarrenException.ValidationFailed.class, "metadata key 'bad key'");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withMetadata("k", "x".repeat(513))),
                WarrenException.ValidationFailed.class, "at most 512");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withEnv("WARREN_TOKEN", "stolen")),
                WarrenException.ValidationFailed.class, "WARREN_");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withEnv("1BAD", "x")),
                WarrenException.ValidationFailed.class, "1BAD");
        refused(() -> sandboxes.create(SandboxOptions.defaults().withName("9starts-with-digit")),
                WarrenException.ValidationFailed.class, "name");
        List<Space> before = spaces();
        assertRefused(raw("POST", "/api/sandboxes", "{\"idle_timeout\": -3}"), 400, "idle_timeout");
        assertRefused(raw("POST", "/api/sandboxes", "{\"auto_resume\": \"yes\"}"), 400, "auto_resume");
        assertRefused(raw("POST", "/api/sandboxes", "{\"timeout\": \"ten\"}"), 400, "timeout");
        assertRefused(raw("POST", "/api/sandboxes", "{\"metadata\": {\"k\": 5}}"), 400, "metadata");
        assertThat(spaces()).isEqualTo(before);
    }

    @Test
    void lists_filter_by_metadata_and_state_and_page_with_a_cursor() {
        String run = TestServer.randomName("run");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(alice.sandboxes().create(SandboxOptions.defaults().withKeepAlive(true)
                    .withMetadata("run", run).withMetadata("index", Integer.toString(i))).id());
        }
        alice.sandboxes().create(SandboxOptions.defaults().withMetadata("run", "other"));
        SandboxFilter mine = SandboxFilter.any().withMetadata("run", run);
        SandboxPage first = alice.sandboxes().page(mine.withPageSize(2), null);
        assertThat(first.sandboxes()).extracting(SandboxInfo::id).containsExactly(created.get(0), created.get(1));
        assertThat(first.nextCursor()).isNotNull();
        List<String> all = StreamSupport.stream(alice.sandboxes().list(mine.withPageSize(2)).spliterator(), false)
                .map(SandboxInfo::id).toList();
        assertThat(all).containsExactlyElementsOf(created);
        assertThat(alice.sandboxes().page(mine.withMetadata("index", "3"), null).sandboxes())
                .extracting(SandboxInfo::id).containsExactly(created.get(3));
        assertThat(alice.sandboxes().page(mine.withState("stopped"), null).sandboxes()).isEmpty();
        assertThat(bob.sandboxes().page(mine, null).sandboxes()).isEmpty();
        assertRefused(raw("GET", "/api/sandboxes?cursor=bm9wZQ", null), 400, "cursor");
        assertRefused(raw("GET", "/api/sandboxes?limit=0", null), 400, "limit");
        assertRefused(raw("GET", "/api/sandboxes?state=asleep", null), 400, "asleep");
        assertRefused(raw("GET", "/api/sandboxes?metadata=novalue", null), 400, "key=value");
        created.forEach(alice.sandboxes()::kill);
    }

    @Test
    void another_users_sandbox_is_not_found_and_a_space_is_not_a_sandbox() {
        SandboxInfo mine = alice.sandboxes().create(SandboxOptions.defaults());
        refused(() -> bob.sandboxes().get(mine.id()), WarrenException.NotFound.class, "");
        refused(() -> bob.sandboxes().kill(mine.id()), WarrenException.NotFound.class, "");
        refused(() -> bob.sandboxes().setTimeout(mine.id(), Duration.ofMinutes(1)), WarrenException.NotFound.class,
                "");
        String space = TestServer.randomName("plain");
        alice.create(space, "base", dev.warren.client.CreateOptions.defaults());
        refused(() -> alice.sandboxes().get(space), WarrenException.NotFound.class, "not a sandbox");
        alice.sandboxes().kill(mine.id());
    }

    @Test
    void set_timeout_gives_a_new_life_span_from_now_within_the_maximum() {
        SandboxInfo sandbox = alice.sandboxes().create(SandboxOptions.defaults());
        Instant before = Instant.now();
        SandboxInfo extended = alice.sandboxes().setTimeout(sandbox.id(), Duration.ofMinutes(30));
        assertThat(Duration.between(before, Instant.parse(extended.endAt())))
                .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));
        assertThat(alice.sandboxes().get(sandbox.id()).endAt()).isEqualTo(extended.endAt());
        refused(() -> alice.sandboxes().setTimeout(sandbox.id(), Duration.ofHours(5)),
                WarrenException.ValidationFailed.class, "at most 3600");
        assertThat(alice.sandboxes().get(sandbox.id()).endAt()).isEqualTo(extended.endAt());
        alice.sandboxes().kill(sandbox.id());
    }

    @Test
    void a_sandbox_whose_time_is_up_is_killed_and_its_space_removed() {
        SandboxInfo sandbox = alice.sandboxes().create(SandboxOptions.defaults().withTimeout(Duration.ofSeconds(1)));
        awaitGone(sandbox.id(), Duration.ofSeconds(15));
        assertThat(server.server().services().runtime().resources())
                .noneMatch(resource -> resource.name().contains(sandbox.id()));
    }

    @Test
    void a_sandbox_whose_time_passed_while_the_server_was_down_is_killed_at_the_next_start() {
        SandboxInfo sandbox = alice.sandboxes().create(SandboxOptions.defaults().withTimeout(Duration.ofSeconds(2)));
        server.halt();
        Instant due = Instant.parse(sandbox.endAt());
        while (Instant.now().isBefore(due.plusMillis(200))) {
            Thread.onSpinWait();
        }
        server.boot(); // on a new port: the clients follow
        alice = server.newUser(TestServer.randomName("alice"));
        bob = server.newUser(TestServer.randomName("bob"));
        awaitGone(sandbox.id(), Duration.ofSeconds(15));
    }

    @Test
    void a_paused_sandbox_refuses_commands_until_resumed_and_pausing_twice_changes_nothing() {
        try (Sandbox sandbox = Sandbox.create(alice, SandboxOptions.defaults())) {
            sandbox.pause();
            assertThat(sandbox.info().state()).isEqualTo("paused");
            sandbox.pause();
            assertThat(sandbox.refresh().state()).isEqualTo("paused");
            assertThatThrownBy(() -> sandbox.commands().run("echo no", RunOptions.shell()))
                    .isInstanceOf(WarrenException.WrongState.class).hasMessageContaining("paused");
            assertThatThrownBy(() -> alice.readFile(sandbox.id(), "/etc/hostname"))
                    .isInstanceOf(WarrenException.WrongState.class).hasMessageContaining("resume it first");
            Instant before = Instant.now();
            sandbox.resume();
            assertThat(sandbox.info().state()).isEqualTo("running");
            assertThat(Duration.between(before, Instant.parse(sandbox.info().endAt())))
                    .isBetween(Duration.ofSeconds(290), Duration.ofSeconds(310));
            sandbox.resume();
            assertThat(sandbox.commands().run("echo back", RunOptions.shell()).stdout()).isEqualTo("back\n");
        }
    }

    @Test
    void pausing_a_stopped_space_is_refused_and_resuming_it_says_to_start_it() {
        String space = TestServer.randomName("idle");
        alice.create(space, "base", dev.warren.client.CreateOptions.defaults());
        assertThatThrownBy(() -> alice.pause(space)).isInstanceOf(WarrenException.WrongState.class)
                .hasMessageContaining("stopped");
        assertThatThrownBy(() -> alice.resume(space)).isInstanceOf(WarrenException.WrongState.class)
                .hasMessageContaining("start it instead");
        assertThat(alice.get(space).state()).isEqualTo("stopped");
        alice.delete(space);
    }

    @Test
    void with_on_timeout_pause_a_sandbox_whose_time_is_up_is_paused_not_killed_and_connect_resumes_it() {
        SandboxInfo sandbox = alice.sandboxes().create(SandboxOptions.defaults().withTimeout(Duration.ofSeconds(1))
                .withOnTimeout("pause"));
        awaitState(sandbox.id(), "paused", Duration.ofSeconds(15));
        SandboxInfo paused = alice.sandboxes().get(sandbox.id());
        assertThat(Instant.parse(paused.endAt())).isAfter(Instant.now().plus(Duration.ofHours(23)));
        SandboxInfo connected = alice.sandboxes().connect(sandbox.id(), Duration.ofMinutes(5));
        assertThat(connected.state()).isEqualTo("running");
        assertThat(connected.timeout()).isEqualTo(300);
        assertThat(Instant.parse(connected.endAt())).isBefore(Instant.now().plus(Duration.ofMinutes(6)));
        alice.sandboxes().kill(sandbox.id());
    }

    @Test
    void an_unused_sandbox_is_paused_after_its_idle_timeout_and_one_in_use_is_not() {
        SandboxInfo busy = alice.sandboxes().create(SandboxOptions.defaults().withOnTimeout("pause")
                .withIdleTimeout(Duration.ofSeconds(3)));
        SandboxInfo unused = alice.sandboxes().create(SandboxOptions.defaults().withOnTimeout("pause")
                .withIdleTimeout(Duration.ofSeconds(1)));
        Instant until = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(until)) { // used every half second: never idle for 3 s
            alice.processes(busy.id()).run("echo used", RunOptions.shell());
            assertThat(alice.sandboxes().get(busy.id()).state()).isEqualTo("running");
            Instant next = Instant.now().plusMillis(500);
            Poll.until("half a second passed", Duration.ofSeconds(2), () -> Instant.now().isAfter(next));
        }
        awaitState(unused.id(), "paused", Duration.ofSeconds(15));
        alice.sandboxes().kill(unused.id());
        alice.sandboxes().kill(busy.id());
    }

    @Test
    void an_unused_sandbox_with_on_timeout_kill_is_killed_after_its_idle_timeout() {
        SandboxInfo unused = alice.sandboxes().create(SandboxOptions.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        awaitGone(unused.id(), Duration.ofSeconds(15));
    }

    private void awaitState(String id, String state, Duration limit) {
        Poll.until("sandbox " + id + " became " + state, limit,
                () -> alice.sandboxes().get(id).state().equals(state));
    }


    private RawHttp.Answer raw(String method, String path, String body) {
        return new RawHttp(server.url()).send(method, path, body, "Authorization",
                "Bearer " + alice.connection().token(), "Content-Type", "application/json");
    }

    private static void assertRefused(RawHttp.Answer answer, int status, String words) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains(words);
    }

    private void awaitGone(String id, Duration limit) {
        Poll.until("sandbox " + id + " is gone after its timeout", limit,
                () -> server.server().stores().spaces().findById(id).isEmpty());
    }
}
