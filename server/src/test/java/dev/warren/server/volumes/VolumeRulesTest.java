package dev.warren.server.volumes;

import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Volume;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.client.wire.Volumes.VolumeMountSpec;
import dev.warren.core.model.Space;
import dev.warren.server.support.Poll;
import dev.warren.server.support.TestServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The volume rules on the in-memory runtime: names, mounts checked before anything is written, delete refused while
 * mounted, other users' volumes invisible, paths that would leave the volume, signed download links. Every refusal
 * changes nothing (spaces, volumes, mounts and the runtime's resources are compared before and after).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeRulesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private TestServer server;
    private Warren alice;
    private Warren bob;
    private String templateWithVolume;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY);
        alice = server.newUser(TestServer.randomName("alice"));
        bob = server.newUser(TestServer.randomName("bob"));
        templateWithVolume = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(templateWithVolume, "", "",
                "image: warren-base:latest\ncommand: [sleep, infinity]\nvolumes:\n  cache: /cache\n", List.of(), true));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Everything a refusal must leave as it was. */
    private List<Object> state() {
        var stores = server.server().stores();
        var volumes = new dev.warren.store.VolumeStore(server.server().database().jdbi());
        var mounts = new dev.warren.store.VolumeMountStore(server.server().database().jdbi());
        List<Space> spaces = stores.spaces().listAll();
        return List.of(spaces, volumes.listAll(), spaces.stream().map(s -> mounts.listForSpace(s.id())).toList(),
                server.server().services().runtime().resources().stream().map(r -> r.kind() + ":" + r.name())
                        .sorted().toList());
    }

    private void refused(ThrowingCallable call, Class<? extends WarrenException> type, String words) {
        List<Object> before = state();
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(words);
        assertThat(state()).isEqualTo(before);
    }

    private void refusedField(ThrowingCallable call, String field, String words) {
        List<Object> before = state();
        assertThatThrownBy(call).isInstanceOfSatisfying(WarrenException.ValidationFailed.class, e -> assertThat(
                e.validations()).anySatisfy(v -> {
                    assertThat(v.field()).isEqualTo(field);
                    assertThat(v.message()).contains(words);
                }));
        assertThat(state()).isEqualTo(before);
    }

    private static CreateSpaceRequest space(String template, List<VolumeMountSpec> volumes) {
        return new CreateSpaceRequest(TestServer.randomName("box"), template, "", null, null, null, null, null, null,
                false, null, volumes);
    }

    @Test
    void a_taken_name_and_bad_names_are_refused() {
        String name = TestServer.randomName("data");
        alice.volumes().create(name);
        refused(() -> alice.volumes().create(name), WarrenException.Conflict.class,
                "A volume named '" + name + "' already exists.");
        for (String bad : new String[] {"", "Data", "1data", "data-", "a".repeat(64), "da ta", "../x"}) {
            refusedField(() -> alice.volumes().create(bad), "name", "");
        }
        Volume bobs = bob.volumes().create(name);
        assertThat(bobs.info().owner()).isNotEqualTo(alice.volumes().get(name).info().owner());
    }

    @Test
    void from_name_creates_once_and_then_returns_the_same_volume() {
        String name = TestServer.randomName("cache");
        Volume first = alice.volumes().fromName(name, true);
        Volume again = alice.volumes().fromName(name, true);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(alice.volumes().list()).extracting(Volume::id).contains(first.id());
        refused(() -> alice.volumes().fromName(TestServer.randomName("absent"), false),
                WarrenException.NotFound.class, "No volume");
    }

    @Test
    void every_bad_mount_is_refused_naming_its_entry_and_nothing_is_created() {
        String data = alice.volumes().create(TestServer.randomName("data")).name();
        String template = templateWithVolume;
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec("no-such-volume", "/d")))),
                "volumes[0].ref", "No volume 'no-such-volume' exists");
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, "/ok"),
                new VolumeMountSpec(data, "relative")))), "volumes[1].mount_path", "absolute path");
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, "/")))),
                "volumes[0].mount_path", "it would hide the whole space");
        for (String reserved : new String[] {"/.warren", "/.warren/run", "/opt/warren/bin", "/proc", "/dev/shm"}) {
            refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, reserved)))),
                    "volumes[0].mount_path", "is reserved");
        }
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, "/a/../b")))),
                "volumes[0].mount_path", "'..'");
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, "/data"),
                new VolumeMountSpec(data, "/data/inner")))), "volumes[1].mount_path", "clashes with another volume");
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, "/cache/x")))),
                "volumes[0].mount_path", "clashes with the template's volume at '/cache'");
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, "/d", "../up", null)))),
                "volumes[0].subpath", "'..'");
        refusedField(() -> alice.createSpace(space(template, List.of(new VolumeMountSpec(data, "/d", "/abs", null)))),
                "volumes[0].subpath", "relative path");
        refusedField(() -> alice.sandboxes().create(SandboxOptions.defaults().withVolume(data, "/")),
                "volumes[0].mount_path", "whole space");
    }

    @Test
    void another_users_volume_is_missing_to_them_everywhere() {
        Volume mine = alice.volumes().create(TestServer.randomName("private"));
        mine.files().write("/secret.txt", "alice's");
        for (String ref : new String[] {mine.name(), mine.id()}) {
            refused(() -> bob.volumes().get(ref), WarrenException.NotFound.class, "No volume");
            refused(() -> bob.volumes().delete(ref), WarrenException.NotFound.class, "No volume");
            refused(() -> bob.volumes().get(mine.id()).files().read("/secret.txt"), WarrenException.NotFound.class,
                    "No volume");
            refusedField(() -> bob.createSpace(space("base", List.of(new VolumeMountSpec(ref, "/steal")))),
                    "volumes[0].ref", "No volume");
        }
        assertThat(bob.volumes().list()).extracting(Volume::id).doesNotContain(mine.id());
        assertThat(server.admin().volumes().get(mine.id()).files().read("/secret.txt")).as("admins may")
                .isEqualTo("alice's");
    }

    @Test
    void a_volume_is_shared_by_two_sandboxes_outlives_them_and_cannot_be_deleted_while_mounted() {
        Volume shared = alice.volumes().create(TestServer.randomName("shared"));
        try (Sandbox writer = Sandbox.create(alice, SandboxOptions.defaults().withVolume(shared.name(), "/data"));
             Sandbox reader = Sandbox.create(alice, SandboxOptions.defaults().withVolume(
                     new VolumeMountSpec(shared.id(), "/ro", "", true)))) {
            alice.files(writer.id()).write("/data/out.txt", "written in one");
            assertThat(alice.files(reader.id()).read("/ro/out.txt")).isEqualTo("written in one");
            assertThat(shared.files().read("/out.txt")).isEqualTo("written in one");
            assertThat(shared.refresh().mountedBy()).containsExactlyInAnyOrder(writer.info().name(),
                    reader.info().name());
            refused(() -> alice.files(reader.id()).write("/ro/nope.txt", "x"), WarrenException.Forbidden.class,
                    "Read-only");
            refused(shared::delete, WarrenException.WrongState.class, "is mounted by spaces");
        }
        assertThat(shared.files().read("/out.txt")).as("the data outlives both sandboxes").isEqualTo("written in one");
        shared.delete();
        refused(() -> alice.volumes().get(shared.id()), WarrenException.NotFound.class, "No volume");
    }

    @Test
    void a_stopped_space_mounting_a_volume_blocks_its_delete() {
        Volume data = alice.volumes().create(TestServer.randomName("kept"));
        var created = alice.createSpace(space("base", List.of(new VolumeMountSpec(data.name(), "/data"))));
        refused(data::delete, WarrenException.WrongState.class, "space " + created.name());
        alice.delete(created.id());
        data.delete();
    }

    @Test
    void paths_that_would_leave_the_volume_are_refused() {
        Volume data = alice.volumes().create(TestServer.randomName("paths"));
        data.files().write("/inside.txt", "inside");
        try (Sandbox box = Sandbox.create(alice, SandboxOptions.defaults().withVolume(data.name(), "/data"))) {
            server.server().services().runtime().agent(box.id()).symlink("/etc", "/data/etc");
        }
        refusedField(() -> data.files().read("/etc/passwd"), "path", "leads outside the volume");
        refusedField(() -> data.files().read("/sub/../../etc/passwd"), "path", "'..'");
        refusedField(() -> data.files().read("relative.txt"), "path", "absolute");
        refusedField(() -> data.files().write("/etc", "x"), "path", "symbolic link");
        refusedField(() -> data.files().remove("/"), "path", "root cannot be removed");
        assertThat(data.files().list("/")).anySatisfy(entry -> {
            assertThat(entry.name()).isEqualTo("etc");
            assertThat(entry.type()).isEqualTo("symlink");
            assertThat(entry.symlinkTarget()).isEqualTo("/etc");
        });
    }

    @Test
    void a_download_link_works_without_credentials_until_it_expires_and_not_when_altered() throws Exception {
        Volume data = alice.volumes().create(TestServer.randomName("links"));
        data.files().write("/report.csv", "a,b\n1,2\n");
        URI link = data.files().downloadUrl("/report.csv", Duration.ofMinutes(5));
        HttpResponse<String> ok = get(link);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("a,b\n1,2\n");
        String token = link.getPath().substring(link.getPath().lastIndexOf('/') + 1);
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        String altered = new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)
                .replace("/report.csv", "/other.csv");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                altered.getBytes(StandardCharsets.UTF_8)) + "." + signature;
        for (String bad : new String[] {forged, payload + "." + signature.substring(1), "garbage", payload}) {
            HttpResponse<String> refused = get(link.resolve(bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(401);
            assertThat(refused.body()).contains("not valid");
        }
        DownloadLinks links = new DownloadLinks(new byte[32]);
        String expired = links.sign(new DownloadLinks.Grant(data.id(), "/report.csv",
                java.time.Instant.now().minusSeconds(1)));
        assertThatThrownBy(() -> links.verify(expired, java.time.Instant.now()))
                .isInstanceOf(dev.warren.core.UnauthenticatedException.class).hasMessageContaining("expired");
        refusedField(() -> data.files().downloadUrl("/", Duration.ofSeconds(10)), "path", "is a directory");
        refusedField(() -> data.files().downloadUrl("/report.csv", Duration.ofDays(2)), "ttl_seconds", "1 to");
        refused(() -> data.files().downloadUrl("/absent.csv", Duration.ofSeconds(10)),
                WarrenException.NotFound.class, "No such file");
    }

    @Test
    void an_expired_link_is_refused_by_the_server() throws Exception {
        Volume data = alice.volumes().create(TestServer.randomName("short"));
        data.files().write("/f.txt", "f");
        URI link = data.files().downloadUrl("/f.txt", Duration.ofSeconds(1));
        Poll.until("the link expired", Duration.ofSeconds(10), () -> status(link) != 200);
        HttpResponse<String> answer = get(link);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("expired");
    }

    @Test
    void volumes_and_their_data_survive_a_server_restart() {
        Volume data = alice.volumes().create(TestServer.randomName("restart"));
        data.files().write("/kept.txt", "kept");
        server.halt();
        server.boot();
        Warren again = Warren.connect(server.url(), alice.connection().token());
        assertThat(again.volumes().get(data.name()).files().read("/kept.txt")).isEqualTo("kept");
        alice = again;
        bob = Warren.connect(server.url(), bob.connection().token());
    }

    private static int status(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (IOException | InterruptedException failed) {
            throw new AssertionError("GET " + uri + " failed", failed);
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
