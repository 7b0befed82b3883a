package dev.warren.server.snapshots;

import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.core.model.Snapshot;
import dev.warren.core.model.Space;
import dev.warren.runtime.RuntimeResource;
import dev.warren.server.support.Poll;
import dev.warren.server.support.TestServer;
import dev.warren.store.SnapshotStore;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The snapshot and fork rules on the in-memory runtime: forks have the parent's files and diverge, snapshots make
 * sandboxes and outlive their source, every refusal changes nothing (store and runtime), a deleted snapshot keeps its
 * copies while sandboxes made from it exist, a fork's own snapshot goes with the last fork, and a snapshot cut short
 * by a crash is gone after a restart. The engine flows run in the Docker and Podman snapshot ITs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotRulesTest {
    private TestServer server;
    private final String aliceName = TestServer.randomName("alice");
    private final String bobName = TestServer.randomName("bob");
    private Warren alice;
    private Warren bob;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY);
        alice = server.newUser(aliceName);
        bob = server.newUser(bobName);
    }

    /** New clients after a restart (the server listens on a new port). */
    private void logInAgain() {
        alice = Warren.connect(server.url(), Warren.login(server.url(), aliceName, "password-" + aliceName, "tests",
                null).token());
        bob = Warren.connect(server.url(), Warren.login(server.url(), bobName, "password-" + bobName, "tests",
                null).token());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SnapshotStore store() {
        return new SnapshotStore(server.server().database().jdbi());
    }

    private List<RuntimeResource> runtime() {
        return server.server().services().runtime().resources();
    }

    private Sandbox sandbox(Warren owner) {
        return Sandbox.create(owner, SandboxOptions.defaults());
    }

    private void refused(ThrowingCallable call, Class<? extends WarrenException> type, String words) {
        List<Space> spaces = server.server().stores().spaces().listAll();
        List<Snapshot> snapshots = store().listAll();
        List<RuntimeResource> resources = runtime();
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(words);
        assertThat(server.server().stores().spaces().listAll()).isEqualTo(spaces);
        assertThat(store().listAll()).isEqualTo(snapshots);
        assertThat(runtime()).containsExactlyInAnyOrderElementsOf(resources);
    }

    /** Polls until the condition holds, failing after 10 s. */
    static void await(String what, BooleanSupplier condition) {
        Poll.until(what, Duration.ofSeconds(10), condition);
    }

    @Test
    void forks_have_the_parents_files_and_then_diverge_while_the_parent_runs_on() {
        try (Sandbox parent = sandbox(alice)) {
            alice.files(parent.id()).write("/workspace/before.txt", "before");

            List<Sandbox> forks = parent.fork(2);

            try (Sandbox first = forks.get(0); Sandbox second = forks.get(1)) {
                assertThat(parent.isRunning()).isTrue();
                alice.files(parent.id()).write("/workspace/after.txt", "after");
                alice.files(first.id()).write("/workspace/first.txt", "first");
                for (Sandbox fork : forks) {
                    assertThat(fork.info().state()).isEqualTo("running");
                    assertThat(alice.files(fork.id()).read("/workspace/before.txt")).isEqualTo("before");
                    assertThat(alice.files(fork.id()).exists("/workspace/after.txt")).isFalse();
                }
                assertThat(alice.files(second.id()).exists("/workspace/first.txt")).isFalse();
                assertThat(alice.snapshots().list()).isEmpty(); // the fork's own snapshot is hidden
            }
        }
    }

    @Test
    void a_named_snapshot_makes_sandboxes_after_its_source_is_gone_and_delete_waits_for_them() {
        SnapshotInfo taken;
        String sourceId;
        try (Sandbox source = sandbox(alice)) {
            sourceId = source.id();
            alice.files(source.id()).write("/workspace/kept.txt", "kept");
            taken = source.snapshot("golden");
            assertThat(taken.state()).isEqualTo("ready");
            assertThat(taken.sourceSandboxId()).isEqualTo(source.id());
            assertThat(source.isRunning()).isTrue();
        }
        assertThat(alice.snapshots().get("golden").id()).isEqualTo(taken.id());
        Sandbox made = Sandbox.create(alice, SandboxOptions.defaults().withSnapshot("golden"));
        assertThat(alice.files(made.id()).read("/workspace/kept.txt")).isEqualTo("kept");
        assertThat(made.id()).isNotEqualTo(sourceId);
        assertThat(alice.snapshots().get(taken.id()).sandboxes()).isEqualTo(1);

        alice.snapshots().delete("golden"); // hidden: the sandbox made from it starts from its copy

        assertThat(alice.snapshots().list()).isEmpty();
        assertThatThrownBy(() -> alice.snapshots().get(taken.id())).isInstanceOf(WarrenException.NotFound.class);
        assertThat(runtime()).anySatisfy(resource -> assertThat(resource.name()).contains(taken.id()));
        made.kill();
        await("the deleted snapshot's copy to go with its last sandbox", () -> runtime().stream()
                .noneMatch(resource -> resource.name().contains(taken.id())) && store().find(taken.id()).isEmpty());
    }

    @Test
    void a_fork_snapshot_goes_with_the_last_fork() {
        try (Sandbox parent = sandbox(alice)) {
            List<Sandbox> forks = parent.fork(1);
            String snapshotId = store().snapshotOf(forks.getFirst().id()).orElseThrow();
            assertThat(store().find(snapshotId)).hasValueSatisfying(found -> assertThat(found.hidden()).isTrue());
            forks.getFirst().kill();
            await("the fork's snapshot to go", () -> store().find(snapshotId).isEmpty()
                    && runtime().stream().noneMatch(resource -> resource.name().contains(snapshotId)));
        }
    }

    @Test
    void refused_forks_and_snapshots_change_nothing() {
        try (Sandbox mine = sandbox(alice)) {
            refused(() -> alice.snapshots().fork(mine.id(), 0, null, null), WarrenException.ValidationFailed.class,
                    "n, the number of forks, must be 1 to 10");
            refused(() -> mine.fork(11), WarrenException.ValidationFailed.class, "not 11");
            refused(() -> alice.snapshots().fork(mine.id(), 1, Duration.ofSeconds(-5), null),
                    WarrenException.ValidationFailed.class, "timeout");
            refused(() -> bob.snapshots().fork(mine.id(), 1, null, null), WarrenException.NotFound.class,
                    mine.id());
            refused(() -> bob.snapshots().create(mine.id(), "stolen"), WarrenException.NotFound.class, mine.id());
            refused(() -> mine.snapshot(null), WarrenException.ValidationFailed.class, "name");
            refused(() -> mine.snapshot("Not A Name"), WarrenException.ValidationFailed.class, "name");
            mine.snapshot("taken");
            refused(() -> mine.snapshot("taken"), WarrenException.Conflict.class, "already have a snapshot named");
            refused(() -> Sandbox.create(bob, SandboxOptions.defaults().withSnapshot("taken")),
                    WarrenException.NotFound.class, "No snapshot 'taken'");
            refused(() -> Sandbox.create(alice, SandboxOptions.defaults().withSnapshot("taken").withTemplate("base")),
                    WarrenException.ValidationFailed.class, "template");
            refused(() -> bob.snapshots().get("taken"), WarrenException.NotFound.class, "taken");
            refused(() -> bob.snapshots().delete(alice.snapshots().get("taken").id()), WarrenException.NotFound.class,
                    "No snapshot");
            alice.stop(mine.id());
            refused(() -> mine.fork(1), WarrenException.WrongState.class, "is stopped");
            refused(() -> mine.snapshot("stopped"), WarrenException.WrongState.class, "is stopped");
            alice.snapshots().delete("taken");
        }
    }

    /** With the admin, whose client {@link TestServer#boot()} renews (the restarted server has a new port). */
    @Test
    void a_snapshot_cut_short_by_a_crash_is_gone_after_a_restart() {
        Sandbox source = Sandbox.create(server.admin(), SandboxOptions.defaults());
        Space space = server.server().stores().spaces().findById(source.id()).orElseThrow();
        String snapshotId = "crashed" + System.nanoTime();
        store().insert(new Snapshot(snapshotId, "half", space.userId(), space.id(), space.templateId(),
                Instant.now(), Snapshot.State.CREATING, false));
        server.server().services().runtime().snapshot(source.id(), snapshotId);
        assertThat(runtime()).anySatisfy(resource -> assertThat(resource.name()).contains(snapshotId));

        server.halt();
        server.boot();
        logInAgain();

        assertThat(store().find(snapshotId)).isEmpty();
        assertThat(runtime()).noneSatisfy(resource -> assertThat(resource.name()).contains(snapshotId));
        server.admin().sandboxes().kill(source.id());
    }
}
