package dev.warren.runtime;

import dev.warren.core.EngineFailureException;
import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SpaceRuntime} promises for users' volumes: shared live by several running spaces, mounted whole,
 * at a subpath or read-only, reachable through {@link VolumeFiles} without a space and never out of the volume, and
 * outliving spaces and leftover clean-ups. Runs on the in-memory runtime and on Docker and Podman.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UserVolumesContract {
    protected SpaceRuntime runtime;
    private final List<String> spaces = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();

    protected abstract SpaceRuntime createRuntime();

    /** Removes whatever the runtime still holds for this test (engines: everything with its instance label). */
    protected void removeEverything() {
    }

    @BeforeAll
    protected void open() {
        runtime = createRuntime();
    }

    @AfterAll
    void closeRuntime() {
        try {
            spaces.forEach(id -> quietly(() -> runtime.destroy(id)));
            volumes.forEach(name -> quietly(() -> runtime.removeVolume(name)));
            removeEverything();
        } finally {
            runtime.close();
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException leftover) {
            // removeEverything() or the next run's cleanup by label
        }
    }

    private String volume() {
        String name = "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        volumes.add(name);
        runtime.createVolume(name);
        return name;
    }

    private String running(SharedMount... mounts) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        spaces.add(id);
        runtime.start(new SpaceSpec(id, "owner-1", "warren-base:latest", List.of("sleep", "3600"), Map.of(), "", "",
                "", Map.of(), 0, 0, List.of(), List.of(), false, 0, 0, null, List.of(mounts)), progress -> { });
        return id;
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(SpaceAgent agent, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        agent.read(path, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String read(VolumeFiles files, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.read(path, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_volume_is_shared_live_by_two_running_spaces_and_the_direct_api() {
        String volume = volume();
        SpaceAgent writer = runtime.agent(running(new SharedMount(volume, "/data", "", false)));
        SpaceAgent reader = runtime.agent(running(new SharedMount(volume, "/mnt/shared", "", false)));
        writer.write("/data/notes/a.txt", bytes("from the writer"), 0644);
        assertThat(read(reader, "/mnt/shared/notes/a.txt")).isEqualTo("from the writer");
        VolumeFiles files = runtime.volumeFiles(volume);
        assertThat(read(files, "/notes/a.txt")).isEqualTo("from the writer");
        files.write("/notes/b.txt", bytes("from the api"), 0600);
        assertThat(read(writer, "/data/notes/b.txt")).isEqualTo("from the api");
        assertThat(files.stat("/notes/b.txt").mode()).isEqualTo(0600);
        assertThat(files.list("/", 2)).extracting(FileInfo::path)
                .containsExactly("/notes", "/notes/a.txt", "/notes/b.txt");
        files.remove("/notes/a.txt");
        assertThatThrownBy(() -> reader.stat("/mnt/shared/notes/a.txt")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_subpath_mount_shows_only_its_directory_and_a_read_only_mount_refuses_changes() {
        String volume = volume();
        VolumeFiles files = runtime.volumeFiles(volume);
        files.write("/top.txt", bytes("top"), 0644);
        files.write("/team/web/index.html", bytes("<p>hi</p>"), 0644);
        SpaceAgent agent = runtime.agent(running(new SharedMount(volume, "/site", "team/web", false),
                new SharedMount(volume, "/ro", "", true), new SharedMount(volume, "/fresh", "new/dir", false)));
        assertThat(read(agent, "/site/index.html")).isEqualTo("<p>hi</p>");
        assertThatThrownBy(() -> agent.stat("/site/top.txt")).isInstanceOf(NotFoundException.class);
        assertThat(files.stat("/new/dir").type()).as("a missing subpath is created").isEqualTo(FileType.DIRECTORY);
        assertThat(read(agent, "/ro/top.txt")).isEqualTo("top");
        assertThatThrownBy(() -> agent.write("/ro/top.txt", bytes("changed"), 0644))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> agent.remove("/ro/top.txt")).isInstanceOf(ForbiddenException.class);
        assertThat(read(files, "/top.txt")).isEqualTo("top");
    }

    @Test
    void the_direct_api_never_follows_a_link_out_of_the_volume() {
        String volume = volume();
        SpaceAgent agent = runtime.agent(running(new SharedMount(volume, "/data", "", false)));
        agent.symlink("/etc", "/data/etc-link");
        agent.symlink("../../../etc/hostname", "/data/deep/climbing");
        agent.write("/data/real/file.txt", bytes("inside"), 0644);
        agent.symlink("real", "/data/alias");
        VolumeFiles files = runtime.volumeFiles(volume);
        assertThat(files.stat("/etc-link").type()).isEqualTo(FileType.SYMLINK);
        assertThat(files.stat("/etc-link").symlinkTarget()).isEqualTo("/etc");
        assertThatThrownBy(() -> read(files, "/etc-link/passwd")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("leads outside the volume");
        assertThatThrownBy(() -> read(files, "/deep/climbing")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> files.list("/etc-link", 1)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> files.write("/etc-link/evil", bytes("x"), 0644))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> files.write("/alias", bytes("x"), 0644)).as("a final link is never written through")
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> read(files, "/real/../etc-link")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'..'");
        assertThat(read(files, "/alias/file.txt")).as("a link inside the volume is followed").isEqualTo("inside");
        files.remove("/alias");
        assertThat(read(files, "/real/file.txt")).as("removing a link keeps its target").isEqualTo("inside");
        files.remove("/etc-link");
        assertThat(files.list("/", 1)).extracting(FileInfo::name).containsExactly("deep", "real");
        assertThatThrownBy(() -> files.remove("/")).isInstanceOf(ValidationException.class);
    }

    @Test
    void a_volume_outlives_its_spaces_and_every_leftover_clean_up() {
        String volume = volume();
        String first = running(new SharedMount(volume, "/data", "", false));
        runtime.agent(first).write("/data/kept.txt", bytes("kept"), 0644);
        runtime.destroy(first);
        runtime.removeLeftovers(spaceId -> false);
        assertThat(runtime.resources()).anySatisfy(resource -> {
            assertThat(resource.kind()).isEqualTo("user-volume");
            assertThat(resource.spaceId()).isEmpty();
        });
        assertThat(read(runtime.volumeFiles(volume), "/kept.txt")).isEqualTo("kept");
        String second = running(new SharedMount(volume, "/again", "", false));
        assertThat(read(runtime.agent(second), "/again/kept.txt")).isEqualTo("kept");
        runtime.destroy(second);
        runtime.removeVolume(volume);
        runtime.removeVolume(volume);
        assertThatThrownBy(() -> runtime.volumeFiles(volume).stat("/")).isInstanceOf(EngineFailureException.class);
    }
}
