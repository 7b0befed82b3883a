package dev.warren.store;

import static dev.warren.store.Fixtures.T0;
import static dev.warren.store.Fixtures.id;
import static dev.warren.store.Fixtures.space;
import static dev.warren.store.Fixtures.template;
import static dev.warren.store.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.core.ConflictException;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.model.Volume;
import dev.warren.core.model.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The volume stores on every database: names unique per owner, mounts in order and with their space, and a volume a
 * space mounts cannot be deleted. Subclasses open a fresh, empty database per test.
 */
abstract class VolumeStoresContract {
    private Database database;
    private VolumeStore volumes;
    private VolumeMountStore mounts;
    private SpaceStore spaces;
    private User alice;
    private User bob;
    private Space box;

    protected abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = openDatabase();
        volumes = new VolumeStore(database.jdbi());
        mounts = new VolumeMountStore(database.jdbi());
        spaces = new SpaceStore(database.jdbi());
        UserStore users = new UserStore(database.jdbi());
        alice = user("alice");
        bob = user("bob");
        users.insert(alice);
        users.insert(bob);
        Template debian = template("debian");
        new TemplateStore(database.jdbi()).insert(debian);
        box = space(alice, debian, "box");
        spaces.insert(box);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Volume volume(User owner, String name) {
        Volume volume = new Volume(id(), name, owner.id(), T0);
        volumes.insert(volume);
        return volume;
    }

    @Test
    void a_volume_round_trips_and_is_found_by_id_and_by_owner_and_name() {
        Volume data = volume(alice, "data");
        Volume cache = volume(alice, "cache");
        assertThat(volumes.findById(data.id())).contains(data);
        assertThat(volumes.findByOwnerAndName(alice.id(), "data")).contains(data);
        assertThat(volumes.findByOwnerAndName(bob.id(), "data")).isEmpty();
        assertThat(volumes.listByOwner(alice.id())).containsExactly(cache, data);
        assertThat(volumes.listByOwner(bob.id())).isEmpty();
        assertThat(volumes.listAll()).containsExactlyInAnyOrder(cache, data);
    }

    @Test
    void a_name_is_unique_per_owner_and_free_for_another_owner() {
        volume(alice, "data");
        assertThatThrownBy(() -> volume(alice, "data")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("A volume named 'data' already exists.");
        Volume bobs = volume(bob, "data");
        assertThat(volumes.findByOwnerAndName(bob.id(), "data")).contains(bobs);
        assertThat(volumes.listByOwner(alice.id())).hasSize(1);
    }

    @Test
    void a_volume_of_a_missing_owner_is_a_conflict_and_nothing_is_stored() {
        Volume orphan = new Volume(id(), "data", id(), T0);
        assertThatThrownBy(() -> volumes.insert(orphan)).isInstanceOf(ConflictException.class);
        assertThat(volumes.findById(orphan.id())).isEmpty();
    }

    @Test
    void mounts_keep_their_order_and_go_with_their_space() {
        Volume data = volume(alice, "data");
        Volume cache = volume(alice, "cache");
        List<VolumeMount> wanted = List.of(new VolumeMount(data.id(), "/data", "", false),
                new VolumeMount(cache.id(), "/cache", "a/b", true));
        mounts.insertAll(box.id(), wanted);
        assertThat(mounts.listForSpace(box.id())).containsExactlyElementsOf(wanted);
        assertThat(mounts.spacesMounting(data.id())).containsExactly(box.id());
        assertThat(spaces.delete(box.id())).isTrue();
        assertThat(mounts.listForSpace(box.id())).isEmpty();
        assertThat(mounts.spacesMounting(data.id())).isEmpty();
        assertThat(volumes.delete(data.id())).as("free once its space is gone").isTrue();
    }

    @Test
    void a_mounted_volume_cannot_be_deleted_and_stays_whole() {
        Volume data = volume(alice, "data");
        mounts.insertAll(box.id(), List.of(new VolumeMount(data.id(), "/data", "", false)));
        assertThatThrownBy(() -> volumes.delete(data.id())).isInstanceOf(ConflictException.class);
        assertThat(volumes.findById(data.id())).contains(data);
        assertThat(volumes.delete(id())).as("a missing volume").isFalse();
    }

    @Test
    void a_repeated_mount_path_or_a_missing_volume_stores_none_of_the_mounts() {
        Volume data = volume(alice, "data");
        assertThatThrownBy(() -> mounts.insertAll(box.id(), List.of(new VolumeMount(data.id(), "/data", "", false),
                new VolumeMount(data.id(), "/data", "x", false)))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> mounts.insertAll(box.id(), List.of(new VolumeMount(data.id(), "/data", "", false),
                new VolumeMount(id(), "/other", "", false)))).isInstanceOf(ConflictException.class);
        assertThat(mounts.listForSpace(box.id())).isEmpty();
    }
}
