package dev.warren.server.volumes;

import dev.warren.client.CommandResult;
import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Volume;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Volumes.VolumeMountSpec;
import dev.warren.server.support.TestServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Volumes on a real engine, through the SDK: two sandboxes running at once share one, a subpath mounted read-only
 * refuses writes with EROFS, the direct file API reads what a sandbox wrote and never follows a link out (the archive
 * keeps the link), the data outlives the sandboxes, delete is refused while mounted, and neither the reconciler nor
 * the leftover clean-up of a restarted server takes a user volume for a deleted space's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VolumesContract {
    private TestServer server;
    private Warren alice;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        alice = server.newUser(TestServer.randomName("vol"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static CommandResult sh(Sandbox sandbox, String script) {
        return sandbox.commands().run(script, RunOptions.shell());
    }

    @Test
    void a_volume_is_shared_by_running_sandboxes_read_directly_never_followed_out_and_outlives_them(
            @TempDir Path local) throws IOException {
        Volume data = alice.volumes().create(TestServer.randomName("data"));
        Sandbox writer = Sandbox.create(alice, SandboxOptions.defaults().withVolume(data.name(), "/data"));
        Sandbox reader = Sandbox.create(alice, SandboxOptions.defaults().withVolume(data.name(), "/shared")
                .withVolume(new VolumeMountSpec(data.id(), "/team", "team", true)));
        try {
            assertThat(sh(writer, "echo hello > /data/a.txt && mkdir -p /data/team && echo plan > /data/team/plan.txt"
                    + " && ln -s /etc /data/etc-link && ln -s /etc/passwd /data/passwd-link").exitCode()).isZero();
            assertThat(sh(reader, "cat /shared/a.txt /team/plan.txt").stdout()).isEqualTo("hello\nplan\n");
            CommandResult readOnly = sh(reader, "echo no > /team/new.txt");
            assertThat(readOnly.exitCode()).isNotZero();
            assertThat(readOnly.stderr()).contains("Read-only file system");
            assertThat(sh(reader, "test -e /team/a.txt").exitCode()).as("only the subpath is mounted").isNotZero();

            assertThat(data.files().read("/a.txt")).isEqualTo("hello\n");
            data.files().write("/from-api.txt", "direct");
            assertThat(sh(writer, "cat /data/from-api.txt").stdout()).isEqualTo("direct");
            assertThatThrownBy(() -> data.files().read("/passwd-link")).isInstanceOf(
                    WarrenException.ValidationFailed.class).hasMessageContaining("outside the volume");
            assertThatThrownBy(() -> data.files().read("/etc-link/hostname")).isInstanceOf(
                    WarrenException.ValidationFailed.class);
            Map<String, TarArchiveEntry> archived = archive(data);
            assertThat(archived.get("etc-link").isSymbolicLink()).isTrue();
            assertThat(archived.get("etc-link").getLinkName()).isEqualTo("/etc");
            assertThat(archived.keySet()).noneMatch(name -> name.startsWith("etc-link/") || name.contains("passwd/"));
            assertThat(archived.get("passwd-link").isSymbolicLink()).isTrue();
            data.files().downloadDir("/team", local.resolve("team"));
            assertThat(Files.readString(local.resolve("team/plan.txt"))).isEqualTo("plan\n");

            assertThatThrownBy(data::delete).isInstanceOf(WarrenException.WrongState.class)
                    .hasMessageContaining("is mounted by");
        } finally {
            writer.kill();
            reader.kill();
        }
        assertThat(data.files().read("/a.txt")).as("the data outlives both sandboxes").isEqualTo("hello\n");
        data.delete();
        assertThatThrownBy(() -> alice.volumes().get(data.id())).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void a_restarted_server_and_its_clean_ups_keep_user_volumes() {
        Volume kept = alice.volumes().create(TestServer.randomName("kept"));
        kept.files().write("/kept.txt", "kept");
        try (Sandbox box = Sandbox.create(alice, SandboxOptions.defaults().withVolume(kept.name(), "/kept"))) {
            assertThat(sh(box, "cat /kept/kept.txt").stdout()).isEqualTo("kept");
        }
        server.halt();
        server.boot(); // the reconciler runs at boot: leftovers of unknown spaces go, user volumes stay
        server.server().services().runtime().removeLeftovers(spaceId -> false);
        server.server().services().reconciler().reconcile();
        alice = Warren.connect(server.url(), alice.connection().token());
        assertThat(alice.volumes().get(kept.name()).files().read("/kept.txt")).isEqualTo("kept");
        assertThat(server.server().services().runtime().resources())
                .anySatisfy(resource -> assertThat(resource.kind()).isEqualTo("user-volume"));
    }

    private static Map<String, TarArchiveEntry> archive(Volume volume) throws IOException {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        try (InputStream in = volume.files().openArchive("/"); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName().replaceAll("/$", ""), entry);
            }
        }
        return entries;
    }
}
