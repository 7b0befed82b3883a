package dev.warren.server.spaces;

import dev.warren.client.CreateOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.client.wire.Scripts.ScriptRequest;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.engine.Engine;
import dev.warren.engine.docker.EngineLocator;
import dev.warren.runtime.docker.SpaceLabels;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spaces on a real engine through the SDK: the lifecycle, commands, files, updates, volumes and the reconciler.
 * Subclasses pick Docker or Podman.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpaceLifecycleContract {
    static final String SPEC = """
            image: warren-base:latest
            command: [sleep, "3600"]
            environment:
              SERVICE_PASSWORD: "${{ .user.service_password }}"
              WHO: "${{ .user.username }}"
              REPO: "${{ .custom.repo }}"
            volumes:
              home: /data
            """;
    TestServer server;
    Warren admin;
    Engine engine;
    String template;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        admin = server.admin();
        engine = EngineLocator.connect(engineHost());
        template = TestServer.randomName("tpl");
        admin.templates().create(new TemplateRequest(template, "", "", SPEC, List.of(new CustomField("repo", "")),
                true));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private String containerOf(String spaceId) {
        return server.server().docker().labels().containerName(spaceId);
    }

    private boolean containerRuns(String spaceId) {
        return engine.inspectContainer(containerOf(spaceId)).map(state -> state.running()).orElse(false);
    }

    @Test
    void a_space_goes_through_create_start_run_files_stop_and_delete() {
        String name = TestServer.randomName("life");
        String id = admin.create(name, template, CreateOptions.defaults().withDescription("my env"));
        SpaceInfo created = admin.get(name);
        assertThat(created.id()).isEqualTo(id);
        assertThat(created.isRunning()).isFalse();
        assertThat(created.state()).isEqualTo("stopped");
        assertThat(engine.inspectContainer(containerOf(id))).isEmpty();

        SpaceInfo started = admin.start(name);
        assertThat(started.isRunning()).isTrue();
        assertThat(started.nodeHostname()).isNotBlank();
        assertThat(containerRuns(id)).isTrue();
        assertThat(admin.run(name, "echo", "hi").output()).isEqualTo("hi\n");

        admin.writeFile(name, "/data/notes/hello.txt", "hello from a test");
        assertThat(admin.readFile(name, "/data/notes/hello.txt")).isEqualTo("hello from a test");

        admin.stop(name);
        assertThat(admin.isRunning(name)).isFalse();
        assertThat(engine.inspectContainer(containerOf(id))).isEmpty();
        assertThat(engine.listVolumes(Map.of(SpaceLabels.SPACE, id))).hasSize(1);

        admin.start(name);
        assertThat(admin.readFile(name, "/data/notes/hello.txt")).as("volumes survive a stop").isEqualTo(
                "hello from a test");
        admin.stop(name);
        admin.delete(name);
        assertThatThrownBy(() -> admin.get(name)).isInstanceOf(WarrenException.NotFound.class);
        assertThat(engine.listVolumes(Map.of(SpaceLabels.SPACE, id))).as("data goes with the space").isEmpty();
        assertThat(server.server().stores().spaces().findById(id)).isEmpty();
    }

    @Test
    void delete_is_refused_while_the_space_is_running_and_nothing_changes() {
        String name = TestServer.randomName("busy");
        String id = admin.create(name, template);
        admin.start(name);
        assertThatThrownBy(() -> admin.delete(name)).isInstanceOf(WarrenException.WrongState.class)
                .hasMessageContaining("stop it first");
        assertThat(containerRuns(id)).isTrue();
        assertThat(admin.get(name).isRunning()).isTrue();
        admin.stop(name);
        admin.delete(name);
    }

    @Test
    void run_on_a_stopped_space_and_a_bad_timeout_are_refused() {
        String name = TestServer.randomName("idle");
        admin.create(name, template);
        assertThatThrownBy(() -> admin.run(name, "echo", "hi")).isInstanceOf(WarrenException.WrongState.class);
        admin.start(name);
        assertThatThrownBy(() -> admin.run(name, "echo", List.of("hi"), Duration.ofSeconds(4000), ""))
                .isInstanceOfSatisfying(WarrenException.ValidationFailed.class, error ->
                        assertThat(error.validations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("timeout")));
        assertThatThrownBy(() -> admin.run(name, "pwd", List.of(), Duration.ofSeconds(5), "relative/dir"))
                .isInstanceOf(WarrenException.ValidationFailed.class);
        admin.stop(name);
    }

    @Test
    void a_command_past_its_timeout_is_killed_and_says_so() {
        String name = TestServer.randomName("slow");
        admin.create(name, template);
        admin.start(name);
        RunResult result = admin.run(name, "sleep", List.of("120"), Duration.ofSeconds(1), "");
        assertThat(result.timedOut()).isTrue();
        String processes = admin.run(name, "ps").output();
        assertThat(processes).doesNotContain("sleep 120");
        RunResult workdir = admin.run(name, "pwd", List.of(), Duration.ofSeconds(5), "/data");
        assertThat(workdir.output().strip()).isEqualTo("/data");
        RunResult failing = admin.run(name, "sh", "-c", "echo oops >&2; exit 3");
        assertThat(failing.exitCode()).isEqualTo(3);
        assertThat(failing.stderr()).isEqualTo("oops\n");
        admin.stop(name);
    }

    @Test
    void files_are_binary_safe_and_a_missing_file_is_404() {
        String name = TestServer.randomName("bytes");
        admin.create(name, template);
        admin.start(name);
        byte[] content = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        admin.writeFile(name, "/tmp/blob.bin", content);
        assertThat(admin.readFileBytes(name, "/tmp/blob.bin")).isEqualTo(content);
        assertThatThrownBy(() -> admin.readFile(name, "/tmp/does-not-exist")).isInstanceOf(WarrenException.NotFound.class);
        assertThatThrownBy(() -> admin.readFile(name, "/tmp")).isInstanceOf(WarrenException.ValidationFailed.class);
        admin.writeFile(name, "/tmp/empty", new byte[0]);
        assertThat(admin.readFileBytes(name, "/tmp/empty")).isEmpty();
        admin.stop(name);
    }

    @Test
    void template_variables_custom_fields_and_the_service_password_reach_the_space_at_start() {
        String name = TestServer.randomName("vars");
        admin.create(name, template, CreateOptions.defaults().withCustomFields(Map.of("repo", "https://git.example/x")));
        admin.start(name);
        assertThat(admin.run(name, "sh", "-c", "echo $WHO $REPO").output().strip())
                .isEqualTo("admin https://git.example/x");
        String before = admin.run(name, "sh", "-c", "echo $SERVICE_PASSWORD").output().strip();
        String changed = "changed-password-" + TestServer.randomName("p");
        server.server().services().users().setServicePassword(
                server.server().stores().users().findByUsername("admin").orElseThrow(), changed);
        assertThat(admin.run(name, "sh", "-c", "echo $SERVICE_PASSWORD").output().strip())
                .as("not before the next start").isEqualTo(before);
        admin.restart(name);
        assertThat(admin.run(name, "sh", "-c", "echo $SERVICE_PASSWORD").output().strip()).isEqualTo(changed);
        admin.stop(name);
    }

    @Test
    void a_changed_template_shows_update_available_and_a_restart_applies_it_with_its_volumes() {
        String own = TestServer.randomName("tpl");
        admin.templates().create(new TemplateRequest(own, "", "", "image: warren-base:latest\ncommand: [sleep, \"3600\"]\n"
                + "volumes:\n  old: /old\n", List.of(), true));
        String name = TestServer.randomName("upd");
        String id = admin.create(name, own);
        admin.start(name);
        admin.writeFile(name, "/old/file", "x");
        assertThat(admin.get(name).updateAvailable()).isFalse();
        admin.templates().update(own, new TemplateRequest(own, "", "", "image: warren-base:latest\n"
                + "command: [sleep, \"3600\"]\nenvironment:\n  NEW: \"yes\"\nvolumes:\n  fresh: /fresh\n", List.of(), true));
        assertThat(admin.get(name).updateAvailable()).isTrue();
        assertThat(admin.run(name, "sh", "-c", "echo ${NEW:-no}").output().strip()).isEqualTo("no");
        admin.restart(name);
        assertThat(admin.get(name).updateAvailable()).isFalse();
        assertThat(admin.run(name, "sh", "-c", "echo ${NEW:-no}").output().strip()).isEqualTo("yes");
        assertThat(engine.listVolumes(Map.of(SpaceLabels.SPACE, id))).singleElement()
                .satisfies(volume -> assertThat(volume.labels()).containsEntry(SpaceLabels.VOLUME, "fresh"));
        admin.stop(name);
    }

    @Test
    void dependencies_start_first_and_stacks_start_and_stop_together() {
        String database = TestServer.randomName("db");
        String api = TestServer.randomName("api");
        String stack = TestServer.randomName("stack");
        admin.create(database, template, CreateOptions.defaults().withStack(stack));
        admin.create(api, template, CreateOptions.defaults().withStack(stack).withDependsOn(List.of(database)));
        assertThat(admin.getDependencies(api)).containsExactly(admin.get(database).id());
        admin.start(api);
        assertThat(admin.isRunning(database)).as("dependency started first").isTrue();
        var stopped = admin.stacks().stop(stack);
        assertThat(stopped.spaces()).containsExactly(api, database);
        assertThat(admin.isRunning(api)).isFalse();
        assertThat(admin.isRunning(database)).isFalse();
        var started = admin.stacks().start(stack);
        assertThat(started.spaces()).containsExactly(database, api);
        admin.stacks().stop(stack);
    }

    @Test
    void run_script_runs_a_stored_script_with_arguments() {
        String script = TestServer.randomName("greet");
        admin.scripts().create(new ScriptRequest(script, "", "#!/bin/sh\necho \"hello $1 and $2\"\n"));
        String name = TestServer.randomName("script");
        admin.create(name, template);
        admin.start(name);
        RunResult result = admin.runScript(name, script, "a", "b c");
        assertThat(result.output()).isEqualTo("hello a and b c\n");
        assertThat(admin.run(name, "sh", "-c", "ls /tmp | grep -c warren-script || true").output().strip())
                .as("the copied script is removed").isEqualTo("0");
        assertThatThrownBy(() -> admin.runScript(name, "no-such-script")).isInstanceOf(WarrenException.NotFound.class);
        admin.stop(name);
    }

    @Test
    void a_start_that_fails_in_the_engine_leaves_a_stopped_space_and_nothing_behind() {
        String broken = TestServer.randomName("broken");
        admin.templates().create(new TemplateRequest(broken, "", "", "image: warren-missing-image:none\n", List.of(),
                true));
        String name = TestServer.randomName("fails");
        String id = admin.create(name, broken);
        var details = new java.util.concurrent.CopyOnWriteArrayList<String>();
        Runnable unsubscribe = server.server().services().events().subscribe(change -> {
            if (change.space().id().equals(id)) {
                details.add((change.after() == null ? "deleted" : change.after().name().toLowerCase())
                        + ": " + change.detail());
            }
        });
        assertThatThrownBy(() -> admin.start(name)).isInstanceOfSatisfying(WarrenException.class,
                error -> assertThat(error.status()).isEqualTo(503));
        unsubscribe.run();
        assertThat(details).as("the pull is announced while the space starts")
                .contains("starting: Pulling image warren-missing-image:none");
        assertThat(details.getLast()).startsWith("stopped");
        assertThat(admin.get(name).state()).isEqualTo("stopped");
        assertThat(engine.inspectContainer(containerOf(id))).isEmpty();
        admin.delete(name);
    }

    @Test
    void concurrent_first_starts_of_one_owners_spaces_share_one_network() throws Exception {
        Warren owner = server.newUser(TestServer.randomName("crowd"));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = TestServer.randomName("crowd");
            owner.create(name, "base");
            names.add(name);
        }
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<SpaceInfo>> starts = new java.util.ArrayList<>();
            for (String name : names) {
                starts.add(pool.submit(() -> owner.start(name)));
            }
            for (var start : starts) {
                assertThat(start.get().isRunning()).as("no start trips over another's new network").isTrue();
            }
        }
        for (String name : names) {
            assertThat(owner.run(name, "echo", "up").output()).isEqualTo("up\n");
            owner.stop(name);
        }
    }

    @Test
    void concurrent_starts_of_one_space_make_one_container_and_agree() throws Exception {
        String name = TestServer.randomName("race");
        String id = admin.create(name, template);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<SpaceInfo>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                starts.add(pool.submit(() -> admin.start(name)));
            }
            for (var start : starts) {
                assertThat(start.get().isRunning()).isTrue();
            }
        }
        var labels = new java.util.HashMap<>(server.server().docker().labels().instance());
        labels.put(SpaceLabels.SPACE, id);
        assertThat(engine.listContainers(labels)).hasSize(1);
        assertThat(admin.run(name, "echo", "one").output()).isEqualTo("one\n");
        admin.stop(name);
        assertThat(engine.listContainers(labels)).isEmpty();
    }

    @Test
    void a_space_the_engine_lost_is_started_again_because_its_user_wants_it_running() {
        String name = TestServer.randomName("gone");
        String id = admin.create(name, template);
        admin.start(name);
        admin.writeFile(name, "/tmp/lost.txt", "memory is lost with the container");
        String before = engine.inspectContainer(containerOf(id)).orElseThrow().id();
        engine.removeContainer(containerOf(id), true);
        server.server().services().reconciler().reconcile();
        assertThat(admin.get(name).state()).isEqualTo("running");
        assertThat(engine.inspectContainer(containerOf(id)).orElseThrow().id()).isNotEqualTo(before);
        assertThat(admin.run(name, "echo", "back").output()).isEqualTo("back\n");
        admin.stop(name);
        server.server().services().reconciler().reconcile();
        assertThat(admin.get(name).state()).as("a stopped space stays stopped").isEqualTo("stopped");
    }

    @Test
    void a_server_killed_mid_transition_restarts_into_agreement_with_the_engine() {
        var spaces = server.server().stores().spaces();
        String starting = TestServer.randomName("mid-start");
        String startingId = admin.create(starting, template);
        admin.start(starting);
        String stopping = TestServer.randomName("mid-stop");
        String stoppingId = admin.create(stopping, template);
        admin.start(stopping);
        String deleting = TestServer.randomName("mid-delete");
        String deletingId = admin.create(deleting, template);
        String crashedStart = TestServer.randomName("mid-crash");
        String crashedStartId = admin.create(crashedStart, template);
        // The states a crash leaves behind: written before the engine call, not yet after it.
        spaces.update(spaces.findById(startingId).orElseThrow().withState(SpaceState.STARTING));
        engine.stopContainer(containerOf(stoppingId), Duration.ofSeconds(1));
        spaces.update(spaces.findById(stoppingId).orElseThrow().withState(SpaceState.STOPPING));
        server.server().stores().desired().want(stoppingId, false); // a stop records that first
        spaces.update(spaces.findById(deletingId).orElseThrow().withState(SpaceState.DELETING));
        spaces.update(spaces.findById(crashedStartId).orElseThrow().withState(SpaceState.STARTING));
        int before = spaces.listAll().size();

        server.halt();
        server.boot();
        admin = server.admin();

        assertThat(admin.get(starting).state()).isEqualTo("running");
        assertThat(admin.run(starting, "echo", "alive").output()).isEqualTo("alive\n");
        assertThat(admin.get(stopping).state()).isEqualTo("stopped");
        assertThat(engine.inspectContainer(containerOf(stoppingId))).isEmpty();
        assertThat(admin.get(crashedStart).state()).isEqualTo("stopped");
        assertThatThrownBy(() -> admin.get(deleting)).isInstanceOf(WarrenException.NotFound.class);
        Space kept = server.server().stores().spaces().findById(startingId).orElseThrow();
        assertThat(kept.state()).isEqualTo(SpaceState.RUNNING);
        assertThat(server.server().stores().spaces().listAll()).hasSize(before - 1);
        admin.stop(starting);
    }
}
