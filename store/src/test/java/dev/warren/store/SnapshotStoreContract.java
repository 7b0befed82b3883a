package dev.warren.store;

import static dev.warren.store.Fixtures.T0;
import static dev.warren.store.Fixtures.id;
import static dev.warren.store.Fixtures.space;
import static dev.warren.store.Fixtures.template;
import static dev.warren.store.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.core.ConflictException;
import dev.warren.core.model.Snapshot;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The snapshot store on every database: visible names unique per owner (hidden ones free theirs), CREATING to READY,
 * and which hidden snapshots no sandbox needs any more. Subclasses open a fresh, empty database per test.
 */
abstract class SnapshotStoreContract {
    private Database database;
    private SnapshotStore snapshots;
    private User alice;
    private Space box;
    private Template debian;

    protected abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = openDatabase();
        snapshots = new SnapshotStore(database.jdbi());
        alice = user("alice");
        new UserStore(database.jdbi()).insert(alice);
        debian = template("debian");
        new TemplateStore(database.jdbi()).insert(debian);
        box = space(alice, debian, "box");
        new SpaceStore(database.jdbi()).insert(box);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Snapshot snapshot(String name, boolean hidden) {
        Snapshot snapshot = new Snapshot(id(), name, alice.id(), box.id(), debian.id(), T0, Snapshot.State.CREATING,
                hidden);
        snapshots.insert(snapshot);
        return snapshot;
    }

    /** A sandbox row for the space, written as the sandbox code would (its columns are not this store's). */
    private void sandboxRow(String spaceId) {
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                INSERT INTO sandboxes (space_id, ends_at, on_timeout, auto_resume, metadata, environment, secure,
                                       created_at)
                VALUES (:id, 0, 'KILL', 0, '{}', '{}', 1, 0)
                """).bind("id", spaceId).execute());
    }

    @Test
    void a_snapshot_goes_from_creating_to_ready_and_reads_back_as_written() {
        Snapshot taken = snapshot("first", false);
        assertThat(snapshots.find(taken.id())).contains(taken);
        assertThat(snapshots.markReady(taken.id())).isTrue();
        assertThat(snapshots.markReady(taken.id())).isFalse();
        assertThat(snapshots.find(taken.id())).contains(taken.withState(Snapshot.State.READY));
        assertThat(snapshots.findVisible(alice.id(), "first")).contains(taken.withState(Snapshot.State.READY));
        assertThat(snapshots.delete(taken.id())).isTrue();
        assertThat(snapshots.markReady(taken.id())).isFalse();
        assertThat(snapshots.find(taken.id())).isEmpty();
    }

    @Test
    void a_visible_name_is_unique_per_owner_and_a_hidden_snapshot_frees_it() {
        Snapshot first = snapshot("nightly", false);
        assertThatThrownBy(() -> snapshot("nightly", false)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already have a snapshot named 'nightly'");
        assertThat(snapshots.hide(first.id())).isTrue();
        Snapshot second = snapshot("nightly", false);
        assertThat(snapshots.findVisible(alice.id(), "nightly")).map(Snapshot::id).contains(second.id());
        assertThat(snapshots.listVisible(alice.id())).extracting(Snapshot::id).containsExactly(second.id());
        assertThat(snapshots.listAll()).extracting(Snapshot::id).containsExactlyInAnyOrder(first.id(), second.id());
    }

    @Test
    void a_hidden_snapshot_is_unused_once_no_sandbox_names_it() {
        Snapshot fork = snapshot("fork-1", true);
        snapshots.markReady(fork.id());
        sandboxRow(box.id());
        snapshots.madeFrom(box.id(), fork.id());
        assertThat(snapshots.snapshotOf(box.id())).contains(fork.id());
        assertThat(snapshots.sandboxesMadeFrom(fork.id())).isEqualTo(1);
        assertThat(snapshots.hiddenUnused()).isEmpty();

        new SpaceStore(database.jdbi()).delete(box.id()); // the sandbox row goes with its space

        assertThat(snapshots.sandboxesMadeFrom(fork.id())).isZero();
        assertThat(snapshots.hiddenUnused()).extracting(Snapshot::id).containsExactly(fork.id());
        assertThat(snapshots.snapshotOf(box.id())).isEmpty();
    }
}
