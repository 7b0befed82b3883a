package dev.warren.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Engine} must do, run against each real engine by a subclass. Each test makes its own
 * containers with random names; everything carries this run's label and is removed by label at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class EngineContract {
    protected static final String IMAGE = "warren-base:latest";
    protected final String run = "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    protected final Map<String, String> labels = Map.of("dev.warren.test", run);
    protected Engine engine;

    /** Connects to the engine under test. */
    protected abstract Engine connect();

    protected abstract EngineKind expectedKind();

    @BeforeAll
    void connectEngine() {
        engine = connect();
        assertThat(engine.imageExists(IMAGE)).as("run scripts/base-image.sh first").isTrue();
    }

    @AfterAll
    void cleanUp() {
        if (engine != null) {
            engine.cleanup(labels);
            engine.close();
        }
    }

    protected String name(String what) {
        return "warren-" + run + "-" + what + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    protected String runningContainer(String what) {
        return runningContainer(ContainerSpec.builder(name(what), IMAGE));
    }

    protected String runningContainer(ContainerSpec.Builder spec) {
        String id = engine.createContainer(spec.labels(labels).command("sleep", "infinity").build());
        engine.startContainer(id);
        return id;
    }

    @Test
    void info_says_which_engine_answers() {
        var info = engine.info();
        assertThat(info.kind()).isEqualTo(expectedKind());
        assertThat(info.version()).isNotBlank();
        assertThat(info.apiVersion()).isNotBlank();
    }

    @Test
    void image_exists_is_false_for_an_image_that_is_not_there() {
        assertThat(engine.imageExists("warren-no-such-image:" + run)).isFalse();
    }

    @Test
    void a_started_container_reports_its_state_and_runs_commands() {
        String name = name("echo");
        String id = runningContainer(ContainerSpec.builder(name, IMAGE).hostname("echo-host").label("role", "echo"));

        var state = engine.inspectContainer(name).orElseThrow();
        assertThat(state.id()).isEqualTo(id);
        assertThat(state.name()).isEqualTo(name);
        assertThat(state.running()).isTrue();
        assertThat(state.hostPid()).isPresent();
        assertThat(state.labels()).containsEntry(Labels.MANAGED, "true").containsEntry("role", "echo");

        var result = engine.exec(id, ExecRequest.of("sh", "-c", "echo hello; hostname; ulimit -n"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stdoutText().lines()).startsWith("hello", "echo-host");
        assertThat(Long.parseLong(result.stdoutText().lines().toList().get(2))).isPositive();
        assertThat(engine.listContainers(Map.of("role", "echo")).stream().map(ContainerSummary::id)).contains(id);
    }

    @Test
    void exec_past_its_timeout_is_killed_and_says_so() {
        String id = runningContainer("timeout");
        var result = engine.exec(id, ExecRequest.of("sh", "-c", "sleep 31337; echo never")
                .withTimeout(Duration.ofSeconds(1)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.stdoutText()).doesNotContain("never");
        Poll.until(Duration.ofSeconds(10), "the killed sleep to be gone", () ->
                !processes(id).contains("31337"));
    }

    @Test
    void exec_reports_the_exit_code_and_standard_error() {
        String id = runningContainer("exit");
        var result = engine.exec(id, ExecRequest.of("sh", "-c", "echo out; echo oops >&2; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdoutText()).isEqualTo("out\n");
        assertThat(result.stderrText()).isEqualTo("oops\n");
    }

    @Test
    void exec_passes_environment_working_directory_and_user() {
        String id = runningContainer("env");
        var result = engine.exec(id, ExecRequest.of("sh", "-c", "echo $GREETING; pwd; id -u")
                .withEnv(Map.of("GREETING", "hi there")).withWorkdir("/tmp").withUser("65534"));
        assertThat(result.stdoutText().lines()).containsExactly("hi there", "/tmp", "65534");
    }

    @Test
    void exec_output_past_the_cap_is_dropped_and_flagged() {
        String id = runningContainer("chatty");
        var result = engine.exec(id, ExecRequest.of("sh", "-c", "head -c 300000 /dev/zero").withMaxOutputBytes(1000));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void exec_in_a_stopped_container_fails_with_a_sentence() {
        String id = engine.createContainer(ContainerSpec.builder(name("stopped"), IMAGE).labels(labels).build());
        assertThatThrownBy(() -> engine.exec(id, ExecRequest.of("true")))
                .isInstanceOf(EngineException.class).hasMessageContaining(id);
    }

    @Test
    void a_binary_file_written_reads_back_identical_with_its_mode() {
        String id = runningContainer("binary");
        byte[] content = new byte[70_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 256);
        }
        engine.writeFile(id, "/tmp/new/nested/file.bin", new java.io.ByteArrayInputStream(content), content.length, 0750);

        var back = new ByteArrayOutputStream();
        engine.readFile(id, "/tmp/new/nested/file.bin", back);
        assertThat(back.toByteArray()).isEqualTo(content);
        assertThat(engine.exec(id, ExecRequest.of("stat", "-c", "%a %s", "/tmp/new/nested/file.bin")).stdoutText())
                .isEqualTo("750 70000\n");
        assertThat(engine.exec(id, ExecRequest.of("stat", "-c", "%a", "/tmp")).stdoutText()).isEqualTo("1777\n");
    }

    @Test
    void a_50_mb_file_streams_in_and_out_unchanged() throws Exception {
        String id = runningContainer("big");
        long size = 50L * 1024 * 1024;
        String expected = Content.sha256(Content.random(42, size));

        engine.writeFile(id, "/root/big.bin", Content.random(42, size), size, 0644);
        var digest = new Content.DigestingOutput();
        engine.readFile(id, "/root/big.bin", digest);

        assertThat(digest.count()).isEqualTo(size);
        assertThat(digest.sha256()).isEqualTo(expected);
    }

    @Test
    void a_symbolic_link_is_followed_when_reading() {
        String id = runningContainer("link");
        engine.exec(id, ExecRequest.of("sh", "-c", "echo linked > /tmp/target && ln -s target /tmp/link"));
        var back = new ByteArrayOutputStream();
        engine.readFile(id, "/tmp/link", back);
        assertThat(back.toString()).isEqualTo("linked\n");
    }

    @Test
    void reading_a_missing_file_throws_not_found_and_a_directory_is_refused() {
        String id = runningContainer("missing");
        assertThatThrownBy(() -> engine.readFile(id, "/tmp/no-such-file", new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("/tmp/no-such-file");
        assertThatThrownBy(() -> engine.readFile(id, "/etc", new ByteArrayOutputStream()))
                .isInstanceOf(EngineException.class).isNotInstanceOf(NotFoundException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void a_volume_keeps_its_data_when_the_container_is_recreated() {
        String volume = name("data");
        engine.createVolume(volume, labels);
        engine.createVolume(volume, labels);
        var spec = ContainerSpec.builder(name("first"), IMAGE).volume(volume, "/data");
        String first = runningContainer(spec);
        engine.exec(first, ExecRequest.of("sh", "-c", "echo kept > /data/file"));
        engine.removeContainer(first, true);

        String second = runningContainer(ContainerSpec.builder(name("second"), IMAGE).volume(volume, "/data"));
        assertThat(engine.exec(second, ExecRequest.of("cat", "/data/file")).stdoutText()).isEqualTo("kept\n");
        assertThat(engine.listVolumes(labels).stream().map(VolumeSummary::name)).contains(volume);
    }

    @Test
    void start_stop_and_remove_are_idempotent() {
        String id = runningContainer("idem");
        engine.startContainer(id);
        engine.stopContainer(id, Duration.ofSeconds(5));
        engine.stopContainer(id, Duration.ofSeconds(5));
        var stopped = engine.inspectContainer(id).orElseThrow();
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.exitCode()).isPresent();
        engine.startContainer(id);
        assertThat(engine.inspectContainer(id).orElseThrow().running()).isTrue();

        engine.removeContainer(id, true);
        engine.removeContainer(id, true);
        engine.removeContainer("warren-never-existed-" + run, false);
        assertThat(engine.inspectContainer(id)).isEmpty();
        engine.removeVolume("warren-never-existed-" + run);
        engine.removeNetwork("warren-never-existed-" + run);
    }

    @Test
    void a_container_on_a_network_gets_an_address_there() {
        String network = name("net");
        String networkId = engine.ensureNetwork(network, labels);
        assertThat(engine.ensureNetwork(network, labels)).isEqualTo(networkId);
        String id = runningContainer(ContainerSpec.builder(name("netted"), IMAGE).network(network, "alias-" + run)
                .memoryBytes(64L * 1024 * 1024).nanoCpus(500_000_000L).capDrop("NET_RAW"));
        assertThat(engine.inspectContainer(id).orElseThrow().ipAddress()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void an_interactive_exec_echoes_through_a_terminal() throws Exception {
        String id = runningContainer("tty");
        try (var terminal = engine.openInteractive(id, List.of("/bin/sh"), Map.of("TERM", "xterm"), 120, 40)) {
            var screen = new StringBuffer();
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = terminal.output().read(buffer)) > 0; ) {
                        screen.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                    }
                } catch (java.io.IOException closed) {
                    // The terminal was closed by the test.
                }
            });
            // Type after the prompt, like a person: a shell setting up line editing may drop earlier typed input.
            Poll.until(Duration.ofSeconds(10), "the shell prompt", () -> screen.toString().contains("#"));
            terminal.stdin().write("echo joined-$((6*7)); tty; stty size\n".getBytes());
            terminal.stdin().flush();
            Poll.until(Duration.ofSeconds(10), () -> "the terminal to answer, it shows: " + screen, () ->
                    screen.toString().contains("joined-42") && screen.toString().contains("40 120"));
            assertThat(screen.toString()).contains("/dev/pts/");
            terminal.resize(100, 30);
            terminal.stdin().write("exit 7\n".getBytes());
            terminal.stdin().flush();
            Poll.until(Duration.ofSeconds(10), "the shell to exit", () -> terminal.exitCode().isPresent());
            assertThat(terminal.exitCode()).hasValue(7);
        }
    }

    @Test
    void closing_an_interactive_exec_kills_its_process() {
        String id = runningContainer("ttyclose");
        var terminal = engine.openInteractive(id, List.of("sleep", "4242"), Map.of(), 80, 24);
        Poll.until(Duration.ofSeconds(10), "the sleep to run", () -> processes(id).contains("4242"));
        terminal.close();
        terminal.close();
        Poll.until(Duration.ofSeconds(10), "the sleep to be gone", () -> !processes(id).contains("4242"));
    }

    private String processes(String container) {
        return engine.exec(container, ExecRequest.of("ps", "-o", "pid,stat,args")).stdoutText();
    }

    @Test
    void a_commit_keeps_the_containers_files_and_labels_but_not_its_volumes_and_leaves_it_running() throws Exception {
        String volume = name("commitvol");
        engine.createVolume(volume, labels);
        String id = runningContainer(ContainerSpec.builder(name("committed"), IMAGE).volume(volume, "/data"));
        engine.exec(id, ExecRequest.of("sh", "-c", "echo layer > /root/in-layer; echo volume > /data/in-volume"));
        String tag = name("tag");
        var imageLabels = new java.util.HashMap<>(labels);
        imageLabels.put("dev.warren.test.image", tag);

        String imageId = engine.commit(id, "warren-" + run + "-images", tag, imageLabels, true);

        assertThat(engine.inspectContainer(id).orElseThrow().status()).isEqualTo("running");
        assertThat(engine.listImages(Map.of("dev.warren.test.image", tag))).singleElement().satisfies(image -> {
            assertThat(image.id()).endsWith(imageId.replace("sha256:", ""));
            assertThat(image.references()).anySatisfy(reference ->
                    assertThat(reference).endsWith("warren-" + run + "-images:" + tag));
            assertThat(image.labels()).containsEntry(Labels.MANAGED, "true").containsEntry("dev.warren.test", run);
        });
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(engine.volumeMountpoint(volume).orElseThrow(), "in-volume")))
                .isEqualTo("volume\n");

        String copy = runningContainer(ContainerSpec.builder(name("fromimage"), "warren-" + run + "-images:" + tag));
        assertThat(engine.exec(copy, ExecRequest.of("cat", "/root/in-layer")).stdoutText()).isEqualTo("layer\n");
        assertThat(engine.exec(copy, ExecRequest.of("test", "-e", "/data/in-volume")).exitCode()).isNotZero();
        assertThatThrownBy(() -> engine.removeImage(imageId)).isInstanceOf(EngineException.class);

        engine.removeContainer(copy, true);
        engine.removeImage("warren-" + run + "-images:" + tag);
        engine.removeImage("warren-" + run + "-images:" + tag);
        assertThat(engine.listImages(Map.of("dev.warren.test.image", tag))).isEmpty();
    }

    @Test
    void a_paused_container_stays_paused_through_a_commit_and_cleanup_removes_labelled_images() {
        var doomed = Map.of("dev.warren.test", run, "cleanup", "images-" + run);
        String id = runningContainer(ContainerSpec.builder(name("frozen"), IMAGE));
        engine.pauseContainer(id);
        engine.commit(id, "warren-" + run + "-images", name("frozen"), doomed, true);
        assertThat(engine.inspectContainer(id).orElseThrow().status()).isEqualTo("paused");
        engine.resumeContainer(id);
        assertThat(engine.listImages(doomed)).hasSize(1);

        engine.cleanup(doomed);

        assertThat(engine.listImages(doomed)).isEmpty();
        assertThat(engine.inspectContainer(id)).isPresent();
    }

    @Test
    void cleanup_removes_only_what_carries_its_labels() {
        var doomed = Map.of("dev.warren.test", run, "cleanup", "doomed-" + run);
        var kept = Map.of("dev.warren.test", run, "cleanup", "kept-" + run);
        String doomedContainer = engine.createContainer(ContainerSpec.builder(name("doomed"), IMAGE).labels(doomed).build());
        String keptContainer = engine.createContainer(ContainerSpec.builder(name("kept"), IMAGE).labels(kept).build());
        String doomedVolume = name("doomedvol");
        String keptVolume = name("keptvol");
        engine.createVolume(doomedVolume, doomed);
        engine.createVolume(keptVolume, kept);
        String doomedNetwork = name("doomednet");
        engine.ensureNetwork(doomedNetwork, doomed);

        engine.cleanup(doomed);

        assertThat(engine.inspectContainer(doomedContainer)).isEmpty();
        assertThat(engine.inspectContainer(keptContainer)).isPresent();
        assertThat(engine.listVolumes(labels).stream().map(VolumeSummary::name))
                .contains(keptVolume).doesNotContain(doomedVolume);
        assertThat(engine.listContainers(kept)).extracting(ContainerSummary::id).containsExactly(keptContainer);
        assertThatThrownBy(() -> engine.cleanup(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleanup_never_touches_what_warren_did_not_create() {
        var doomed = Map.of("dev.warren.test", run, "cleanup", "foreign-" + run);
        String foreignVolume = name("foreign");
        String foreignNetwork = name("foreignnet");
        createUnmanaged("volume", foreignVolume, doomed);
        createUnmanaged("network", foreignNetwork, doomed);
        String foreignContainer = name("foreigner");
        createUnmanaged("container", foreignContainer, doomed);
        String doomedNetwork = name("gonenet");
        engine.ensureNetwork(doomedNetwork, doomed);
        try {
            engine.cleanup(doomed);
            assertThat(exists("volume", foreignVolume)).isTrue();
            assertThat(exists("network", foreignNetwork)).isTrue();
            assertThat(exists("network", doomedNetwork)).isFalse();
            assertThat(engine.inspectContainer(foreignContainer)).isPresent();
        } finally {
            engine.removeContainer(foreignContainer, true);
            engine.removeVolume(foreignVolume);
            engine.removeNetwork(foreignNetwork);
        }
    }

    /** Creates a container (of {@link #IMAGE}), volume or network with the labels but without {@link Labels#MANAGED}, behind the engine's back. */
    protected abstract void createUnmanaged(String kind, String name, Map<String, String> labels);

    /** Whether a volume or network of that name exists, asked behind the engine's back. */
    protected abstract boolean exists(String kind, String name);
}
