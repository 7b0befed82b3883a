package dev.warren.store;

import static dev.warren.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.core.ConflictException;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.store.UploadStore.State;
import dev.warren.store.UploadStore.Upload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The uploads table on every database: round trip, progress, outcome, quota sum, cascades. */
abstract class UploadStoreContract {
    protected Database database;
    private UploadStore uploads;
    private SpaceStore spaces;
    private UserStore users;
    private User alice;
    private User bob;
    private Space box;

    protected abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = openDatabase();
        uploads = new UploadStore(database.jdbi());
        spaces = new SpaceStore(database.jdbi());
        users = new UserStore(database.jdbi());
        alice = Fixtures.user("alice");
        bob = Fixtures.user("bob");
        users.insert(alice);
        users.insert(bob);
        Template debian = Fixtures.template("debian");
        new TemplateStore(database.jdbi()).insert(debian);
        box = Fixtures.space(alice, debian, "box");
        spaces.insert(box);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Upload upload(User owner, long length) {
        return new Upload(Fixtures.id(), owner.id(), box.id(), "/workspace/ü 🚀.bin", "file", null, 0640, length, 0,
                "ab".repeat(32), State.UPLOADING, null, null, T0, T0);
    }

    @Test
    void an_upload_round_trips_every_field_including_nulls_and_unicode() {
        Upload file = upload(alice, 5L << 30);
        Upload archive = new Upload(Fixtures.id(), alice.id(), box.id(), "/data/src", "archive", "replace", null, 10,
                3, "cd".repeat(32), State.FAILED, "The SHA-256 differs.", "{\"a\":1}", T0, T0.plusMillis(9));
        uploads.insert(file);
        uploads.insert(archive);
        assertThat(uploads.find(file.id())).contains(file);
        assertThat(uploads.find(archive.id())).contains(archive);
        assertThat(uploads.find("missing")).isEmpty();
        assertThat(uploads.count()).isEqualTo(2);
    }

    @Test
    void progress_and_outcome_are_saved_and_a_missing_upload_says_so() {
        Upload file = upload(alice, 100);
        uploads.insert(file);
        assertThat(uploads.saveProgress(file.id(), 64, T0.plusSeconds(1))).isTrue();
        assertThat(uploads.find(file.id())).contains(file.withProgress(64, T0.plusSeconds(1)));
        assertThat(uploads.saveOutcome(file.id(), State.COMPLETED, null, "{}", T0.plusSeconds(2))).isTrue();
        assertThat(uploads.find(file.id())).contains(file.withProgress(64, T0.plusSeconds(1))
                .withOutcome(State.COMPLETED, null, "{}", T0.plusSeconds(2)));
        assertThat(uploads.saveProgress("missing", 1, T0)).isFalse();
        assertThat(uploads.saveOutcome("missing", State.FAILED, "x", null, T0)).isFalse();
        assertThat(uploads.delete(file.id())).isTrue();
        assertThat(uploads.delete(file.id())).isFalse();
    }

    @Test
    void unfinished_bytes_count_only_the_users_uploads_still_uploading() {
        Upload first = upload(alice, 100);
        Upload second = upload(alice, 50);
        Upload done = upload(alice, 1000);
        Upload bobs = upload(bob, 7);
        for (Upload upload : new Upload[] {first, second, done, bobs}) {
            uploads.insert(upload);
        }
        uploads.saveOutcome(done.id(), State.COMPLETED, null, "{}", T0);
        assertThat(uploads.unfinishedBytes(alice.id())).isEqualTo(150);
        assertThat(uploads.unfinishedBytes(bob.id())).isEqualTo(7);
        assertThat(uploads.unfinishedBytes("nobody")).isZero();
        assertThat(uploads.listForUser(bob.id())).containsExactly(bobs);
        assertThat(uploads.listForUser(alice.id())).hasSize(3);
        assertThat(uploads.listAll()).hasSize(4);
    }

    @Test
    void an_upload_for_a_missing_space_is_refused_and_deleting_the_space_deletes_its_uploads() {
        Upload orphan = new Upload(Fixtures.id(), alice.id(), "missing-space", "/x", "file", null, null, 1, 0,
                "ab".repeat(32), State.UPLOADING, null, null, T0, T0);
        assertThatThrownBy(() -> uploads.insert(orphan)).isInstanceOf(ConflictException.class);
        Upload kept = upload(alice, 10);
        uploads.insert(kept);
        spaces.delete(box.id());
        assertThat(uploads.find(kept.id())).isEmpty();
    }
}
