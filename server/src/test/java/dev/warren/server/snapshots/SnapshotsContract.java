package dev.warren.server.snapshots;

import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.core.model.Snapshot;
import dev.warren.core.model.Space;
import dev.warren.runtime.docker.DockerSpaceRuntime;
import dev.warren.server.support.TestServer;
import dev.warren.store.SnapshotStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;

import static dev.warren.server.snapshots.SnapshotRulesTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots and fork on a real engine, through the SDK: a fork has the parent's files and its template volume's data
 * and diverges, the parent's background process keeps counting through it, a named snapshot makes a sandbox and its
 * delete removes its image, and after a crash the start-up pass removes a half snapshot and an image of a snapshot
 * the store does not know. Run against Docker and Podman by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SnapshotsContract {
    private TestServer server;
    private String template;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        String username = TestServer.randomName("snap");
        server.newUser(username);
        template = TestServer.randomName("tpl");
        owner().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, infinity]\nvolumes:\n  data: /data\n", List.of(), true));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The admin: {@link TestServer#boot()} renews its client (the crash test restarts the server on a new port). */
    private Warren owner() {
        return server.admin();
    }

    private DockerSpaceRuntime docker() {
        return server.server().docker();
    }

    private String run(Sandbox sandbox, String script) {
        return sandbox.commands().run(script, RunOptions.shell()).stdout();
    }

    private static long count(String text) {
        return text.isBlank() ? -1 : Long.parseLong(text.strip());
    }

    @Test
    void forks_have_the_parents_files_and_volume_and_diverge_while_its_processes_keep_running() {
        try (Sandbox parent = Sandbox.create(owner(), SandboxOptions.defaults().withTemplate(template))) {
            parent.commands().background("i=0; while true; do i=$((i+1)); echo $i > /tmp/counter; sleep 0.1; done",
                    RunOptions.shell());
            run(parent, "echo before > /workspace/before.txt; echo volume > /data/in-volume.txt");
            await("the counter to count", () -> count(run(parent, "cat /tmp/counter 2>/dev/null")) > 0);

            List<Sandbox> forks = parent.fork(2);

            try (Sandbox first = forks.get(0); Sandbox second = forks.get(1)) {
                long counted = count(run(parent, "cat /tmp/counter"));
                await("the parent's counter to go on after the fork",
                        () -> count(run(parent, "cat /tmp/counter")) > counted);
                run(parent, "echo after > /workspace/after.txt");
                run(first, "echo first > /workspace/first.txt");
                for (Sandbox fork : forks) {
                    assertThat(run(fork, "cat /workspace/before.txt /data/in-volume.txt")).isEqualTo("before\nvolume\n");
                    assertThat(run(fork, "test -e /workspace/after.txt && echo yes || echo no")).isEqualTo("no\n");
                }
                assertThat(run(second, "test -e /workspace/first.txt && echo yes || echo no")).isEqualTo("no\n");
                assertThat(owner().snapshots().list()).isEmpty();
            }
        }
    }

    @Test
    void a_named_snapshot_makes_a_sandbox_and_its_delete_removes_its_image() {
        SnapshotInfo golden;
        try (Sandbox source = Sandbox.create(owner(), SandboxOptions.defaults().withTemplate(template))) {
            run(source, "echo kept > /workspace/kept.txt; echo data > /data/kept.txt");
            golden = source.snapshot(TestServer.randomName("golden"));
        }
        assertThat(docker().snapshotsHeld()).contains(golden.id());
        try (Sandbox made = Sandbox.create(owner(), SandboxOptions.defaults().withSnapshot(golden.name()))) {
            assertThat(made.info().templateName()).isEqualTo(template);
            assertThat(run(made, "cat /workspace/kept.txt /data/kept.txt")).isEqualTo("kept\ndata\n");
        }
        await("the sandbox made from it to be gone", () -> owner().snapshots().get(golden.id()).sandboxes() == 0);
        owner().snapshots().delete(golden.id());
        assertThat(docker().snapshotsHeld()).doesNotContain(golden.id());
    }

    @Test
    void after_a_crash_a_half_snapshot_and_an_unknown_snapshots_image_are_removed_at_start() {
        String sourceId = Sandbox.create(owner(), SandboxOptions.defaults().withTemplate(template)
                .withKeepAlive(true)).id();
        {
            Space space = server.server().stores().spaces().findById(sourceId).orElseThrow();
            SnapshotStore store = new SnapshotStore(server.server().database().jdbi());
            String half = "half" + System.nanoTime();
            String orphan = "orphan" + System.nanoTime();
            store.insert(new Snapshot(half, "half", space.userId(), space.id(), space.templateId(), Instant.now(),
                    Snapshot.State.CREATING, false));
            docker().snapshot(sourceId, half); // as a crash would leave it: copies made, the row still CREATING
            docker().snapshot(sourceId, orphan); // copies whose row never was (or was deleted)
            assertThat(docker().snapshotsHeld()).contains(half, orphan);

            server.halt();
            server.boot();

            SnapshotStore after = new SnapshotStore(server.server().database().jdbi());
            assertThat(after.find(half)).isEmpty();
            assertThat(server.server().docker().snapshotsHeld()).doesNotContain(half, orphan);
            try (Sandbox source = Sandbox.connect(owner(), sourceId, true)) {
                assertThat(run(source, "echo alive")).isEqualTo("alive\n");
            }
        }
    }
}
