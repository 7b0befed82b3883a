package dev.warren.runtime;

import dev.warren.core.ConflictException;
import dev.warren.core.EngineFailureException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.WrongStateException;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import dev.warren.runtime.agent.ProcessEvent;
import dev.warren.runtime.agent.ProcessInfo;
import dev.warren.runtime.agent.ProcessRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SpaceRuntime} promises, in the words of spaces: lifecycle, volumes, processes and files through
 * the data plane, and the refusals. Runs on the in-memory runtime (fast) and on Docker and Podman (real), so the
 * fake cannot drift from the real thing. Commands are limited to those the in-memory runtime knows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SpaceRuntimeContract {
    protected SpaceRuntime runtime;
    private final List<String> started = new ArrayList<>();

    protected abstract SpaceRuntime createRuntime();

    /** An image the runtime can start. */
    protected String image() {
        return "warren-base:latest";
    }

    @BeforeAll
    protected void open() {
        runtime = createRuntime();
    }

    @AfterAll
    void closeRuntime() {
        try {
            for (String id : started) {
                try {
                    runtime.destroy(id);
                } catch (RuntimeException leftover) {
                    // removeEverything() below (engines) or the next run's cleanup by label
                }
            }
            removeEverything();
        } finally {
            runtime.close();
        }
    }

    /** Removes whatever the runtime still holds for this test (engines: everything with its instance label). */
    protected void removeEverything() {
    }

    private SpaceSpec spec(String id, Map<String, String> volumes) {
        return new SpaceSpec(id, "owner-1", image(), List.of("sleep", "3600"), Map.of("GREETING", "hello"),
                "box-" + id.substring(0, 6), "", "", volumes, 0, 0, List.of(), List.of(), false, 0, 0, null,
                List.of());
    }

    private String running(Map<String, String> volumes) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        started.add(id);
        runtime.start(spec(id, volumes), progress -> { });
        return id;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static CollectedOutput run(SpaceAgent agent, String... argv) {
        return CollectedOutput.collect(agent.start(ProcessRequest.of(argv)), 1 << 20, Duration.ofSeconds(20));
    }

    @Test
    void a_started_space_runs_and_answers_on_its_data_plane() {
        String id = running(Map.of());
        assertThat(runtime.inspect(id)).hasValueSatisfying(status -> assertThat(status.running()).isTrue());
        assertThat(runtime.agent(id).health()).isNotNull();
        CollectedOutput echo = run(runtime.agent(id), "echo", "hi");
        assertThat(echo.stdoutText()).isEqualTo("hi\n");
        assertThat(echo.exitCode()).isZero();
        assertThat(runtime.resources()).anySatisfy(r -> assertThat(r.spaceId()).isEqualTo(id));
    }

    @Test
    void exit_codes_stderr_and_environment_reach_the_caller() {
        SpaceAgent agent = runtime.agent(running(Map.of()));
        assertThat(run(agent, "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
        CollectedOutput err = run(agent, "sh", "-c", "echo oops >&2");
        assertThat(err.stderrText()).isEqualTo("oops\n");
        assertThat(err.stdoutText()).isEmpty();
        assertThat(run(agent, "sh", "-c", "echo $GREETING").stdoutText()).isEqualTo("hello\n");
    }

    @Test
    void stop_ends_the_space_and_is_idempotent_and_volumes_outlive_it() {
        String id = running(Map.of("data", "/data"));
        runtime.agent(id).write("/data/kept.txt", new ByteArrayInputStream("kept".getBytes()), 0644);
        runtime.agent(id).write("/tmp/lost.txt", new ByteArrayInputStream("lost".getBytes()), 0644);
        runtime.stop(id);
        runtime.stop(id);
        assertThat(runtime.inspect(id).filter(SpaceStatus::running)).isEmpty();
        assertThatThrownBy(() -> runtime.agent(id).health()).isInstanceOfAny(WrongStateException.class,
                EngineFailureException.class);
        runtime.start(spec(id, Map.of("data", "/data")), progress -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.agent(id).read("/data/kept.txt", out);
        assertThat(out.toString()).isEqualTo("kept");
        assertThatThrownBy(() -> runtime.agent(id).stat("/tmp/lost.txt")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void destroy_removes_everything_of_the_space() {
        String id = running(Map.of("data", "/data"));
        runtime.destroy(id);
        runtime.destroy(id);
        assertThat(runtime.inspect(id)).isEmpty();
        assertThat(runtime.resources()).noneSatisfy(r -> assertThat(r.spaceId()).isEqualTo(id));
    }

    @Test
    void a_missing_image_fails_the_start_with_a_sentence() {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        started.add(id);
        SpaceSpec missing = new SpaceSpec(id, "owner-1", "warren-missing-" + id + ":none", List.of(), Map.of(), "",
                "", "", Map.of(), 0, 0, List.of(), List.of(), false, 0, 0, null, List.of());
        assertThatThrownBy(() -> runtime.start(missing, progress -> { }))
                .isInstanceOf(EngineFailureException.class).hasMessageContaining("warren-missing-");
    }

    @Test
    void a_background_process_is_listed_attached_to_and_killed() throws Exception {
        SpaceAgent agent = runtime.agent(running(Map.of()));
        int pid;
        try (AgentProcess started = agent.start(new ProcessRequest(List.of("sleep", "600"), Map.of(), null, null,
                null, true, false))) {
            pid = started.pid();
        }
        assertThat(agent.processes()).anySatisfy(info -> {
            assertThat(info.pid()).isEqualTo(pid);
            assertThat(info.running()).isTrue();
            assertThat(info.background()).isTrue();
        });
        try (AgentProcess attached = agent.attach(pid)) {
            agent.signal(pid, 9);
            ProcessEvent event;
            do {
                event = attached.next();
            } while (event != null && !(event instanceof ProcessEvent.Exit));
            assertThat(event).isInstanceOfSatisfying(ProcessEvent.Exit.class,
                    exit -> assertThat(exit.signal()).isEqualTo(9));
        }
        assertThatThrownBy(() -> agent.signal(pid, 15)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(String.valueOf(pid));
        assertThat(agent.processes()).filteredOn(info -> info.pid() == pid).extracting(ProcessInfo::running)
                .containsExactly(false);
    }

    @Test
    void stdin_reaches_a_process_until_it_is_closed() throws Exception {
        SpaceAgent agent = runtime.agent(running(Map.of()));
        AgentProcess cat = agent.start(new ProcessRequest(List.of("cat"), Map.of(), null, null, null, false, true));
        cat.writeStdin("ping\n".getBytes());
        cat.closeStdin();
        CollectedOutput result = CollectedOutput.collect(cat, 1024, Duration.ofSeconds(20));
        assertThat(result.stdoutText()).isEqualTo("ping\n");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void unknown_processes_and_programs_are_refused() {
        SpaceAgent agent = runtime.agent(running(Map.of()));
        assertThatThrownBy(() -> agent.signal(999_999, 15)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> agent.attach(999_999)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> agent.start(ProcessRequest.of("warren-no-such-program")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void files_are_written_read_listed_renamed_and_removed() {
        SpaceAgent agent = runtime.agent(running(Map.of()));
        byte[] content = "content".getBytes();
        agent.write("/tmp/tree/a/file.txt", new ByteArrayInputStream(content), 0640);
        FileInfo info = agent.stat("/tmp/tree/a/file.txt");
        assertThat(info.type()).isEqualTo(FileType.FILE);
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.mode() & 0777).isEqualTo(0640);
        assertThat(agent.list("/tmp/tree", 1)).extracting(FileInfo::name).containsExactly("a");
        assertThat(agent.list("/tmp/tree", 2)).extracting(FileInfo::path)
                .containsExactlyInAnyOrder("/tmp/tree/a", "/tmp/tree/a/file.txt");
        agent.makeDirectories("/tmp/tree/b/c");
        agent.makeDirectories("/tmp/tree/b/c");
        agent.rename("/tmp/tree/a/file.txt", "/tmp/tree/b/c/moved.txt");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        agent.read("/tmp/tree/b/c/moved.txt", out);
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(text(run(agent, "cat", "/tmp/tree/b/c/moved.txt").stdout())).isEqualTo("content");
        agent.remove("/tmp/tree");
        assertThatThrownBy(() -> agent.stat("/tmp/tree")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> agent.read("/tmp/nope", new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> agent.read("/tmp", new ByteArrayOutputStream()))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void a_symlink_is_made_with_its_parents_listed_as_a_link_read_through_and_never_replaces() {
        SpaceAgent agent = runtime.agent(running(Map.of()));
        agent.write("/tmp/links/target.txt", new ByteArrayInputStream("through".getBytes()), 0644);
        agent.symlink("../target.txt", "/tmp/links/deeper/link");
        FileInfo link = agent.stat("/tmp/links/deeper/link");
        assertThat(link.type()).isEqualTo(FileType.SYMLINK);
        assertThat(link.symlinkTarget()).isEqualTo("../target.txt");
        assertThat(agent.list("/tmp/links/deeper", 1)).singleElement()
                .satisfies(entry -> assertThat(entry.symlinkTarget()).isEqualTo("../target.txt"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        agent.read("/tmp/links/deeper/link", out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("through");
        assertThatThrownBy(() -> agent.symlink("elsewhere", "/tmp/links/target.txt"))
                .isInstanceOf(ConflictException.class);
        assertThat(agent.stat("/tmp/links/target.txt").type()).isEqualTo(FileType.FILE);
        assertThatThrownBy(() -> agent.makeDirectories("/tmp/links/target.txt/below"))
                .isInstanceOf(ConflictException.class);
        agent.remove("/tmp/links");
    }

    @Test
    void pause_and_resume_need_a_running_space() {
        String id = running(Map.of());
        runtime.pause(id);
        assertThat(runtime.inspect(id)).hasValueSatisfying(status -> assertThat(status.paused()).isTrue());
        runtime.resume(id);
        assertThat(runtime.inspect(id)).hasValueSatisfying(status -> assertThat(status.paused()).isFalse());
        runtime.stop(id);
        assertThatThrownBy(() -> runtime.pause(id)).isInstanceOf(WrongStateException.class);
    }

    @Test
    void leftovers_of_unknown_spaces_are_removed_and_known_ones_kept() {
        String kept = running(Map.of());
        String gone = running(Map.of("data", "/data"));
        runtime.removeLeftovers(id -> !id.equals(gone));
        assertThat(runtime.inspect(kept)).isPresent();
        assertThat(runtime.resources()).noneSatisfy(r -> assertThat(r.spaceId()).isEqualTo(gone));
    }

    // --- snapshots ---------------------------------------------------------------------------------

    private String fromSnapshot(String snapshotId, Map<String, String> volumes) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        started.add(id);
        runtime.start(snapshotSpec(id, snapshotId, volumes), progress -> { });
        return id;
    }

    private SpaceSpec snapshotSpec(String id, String snapshotId, Map<String, String> volumes) {
        SpaceSpec plain = spec(id, volumes);
        return new SpaceSpec(plain.spaceId(), plain.ownerId(), plain.image(), plain.command(), plain.environment(),
                plain.hostname(), plain.workdir(), plain.user(), plain.volumes(), 0, 0, List.of(), List.of(), false, 0,
                0, null, List.of(), java.util.Optional.of(snapshotId));
    }

    private String read(String spaceId, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.agent(spaceId).read(path, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void write(String spaceId, String path, String content) {
        runtime.agent(spaceId).write(path, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 0644);
    }

    @Test
    void a_snapshot_carries_files_and_volumes_into_new_spaces_which_then_diverge() {
        Map<String, String> volumes = Map.of("data", "/data");
        String source = running(volumes);
        write(source, "/root/before.txt", "before");
        write(source, "/data/in-volume.txt", "volume");
        String snapshotId = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

        SnapshotRef ref = runtime.snapshot(source, snapshotId);

        assertThat(ref.volumes()).containsExactly("data");
        assertThat(runtime.inspect(source)).hasValueSatisfying(status -> {
            assertThat(status.running()).isTrue();
            assertThat(status.paused()).isFalse();
        });
        write(source, "/root/after.txt", "after");
        String first = fromSnapshot(snapshotId, volumes);
        String second = fromSnapshot(snapshotId, volumes);
        assertThat(read(first, "/root/before.txt")).isEqualTo("before");
        assertThat(read(first, "/data/in-volume.txt")).isEqualTo("volume");
        assertThatThrownBy(() -> runtime.agent(first).stat("/root/after.txt")).isInstanceOf(NotFoundException.class);
        write(first, "/root/first.txt", "first");
        write(first, "/data/own.txt", "own");
        assertThatThrownBy(() -> runtime.agent(second).stat("/root/first.txt")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> runtime.agent(second).stat("/data/own.txt")).isInstanceOf(NotFoundException.class);

        runtime.stop(first); // a later start keeps the space's own volumes: only the first one takes the copies
        runtime.start(snapshotSpec(first, snapshotId, volumes), progress -> { });
        assertThat(read(first, "/data/own.txt")).isEqualTo("own");
        assertThat(read(first, "/root/before.txt")).isEqualTo("before");

        assertThatThrownBy(() -> runtime.removeSnapshot(snapshotId)).isInstanceOf(EngineFailureException.class);
        runtime.destroy(first);
        runtime.destroy(second);
        runtime.removeSnapshot(snapshotId);
        runtime.removeSnapshot(snapshotId);
        assertThatThrownBy(() -> fromSnapshot(snapshotId, volumes)).isInstanceOf(EngineFailureException.class);
    }

    @Test
    void a_paused_space_stays_paused_through_a_snapshot_and_a_stopped_one_is_refused() {
        String source = running(Map.of());
        runtime.pause(source);
        String snapshotId = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        runtime.snapshot(source, snapshotId);
        assertThat(runtime.inspect(source)).hasValueSatisfying(status -> assertThat(status.paused()).isTrue());
        runtime.resume(source);
        runtime.stop(source);
        assertThatThrownBy(() -> runtime.snapshot(source, snapshotId + "x")).isInstanceOf(WrongStateException.class);
        runtime.removeSnapshot(snapshotId);
    }

    @Test
    void leftovers_of_unknown_snapshots_are_removed_and_known_ones_kept() {
        String source = running(Map.of("data", "/data"));
        String known = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String unknown = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        runtime.snapshot(source, known);
        runtime.snapshot(source, unknown);

        runtime.removeSnapshotLeftovers(snapshotId -> !snapshotId.equals(unknown));

        assertThatThrownBy(() -> fromSnapshot(unknown, Map.of())).isInstanceOf(EngineFailureException.class);
        String made = fromSnapshot(known, Map.of());
        assertThat(runtime.inspect(made)).hasValueSatisfying(status -> assertThat(status.running()).isTrue());
        runtime.destroy(made);
        runtime.removeSnapshot(known);
    }
}
