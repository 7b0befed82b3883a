package dev.warren.server.uploads;

import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import dev.warren.store.UploadStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.warren.server.uploads.TusCalls.metadata;
import static dev.warren.server.uploads.TusCalls.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tus rules on the in-memory runtime: each refusal answers its status and sentence and changes nothing (no row,
 * no byte on disk, nothing at the target path); the happy path, termination, expiry and a restart in between.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadRulesTest {
    private static final long MAX = 1_000_000;
    private static final long QUOTA = 1_500_000;
    private static final String HASH = "ab".repeat(32);

    private TestServer server;
    private String aliceToken;
    private String bobToken;
    private String space;
    private String bobsSpace;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY, Map.of("WARREN_UPLOAD_MAX_BYTES", Long.toString(MAX),
                "WARREN_UPLOAD_QUOTA_BYTES", Long.toString(QUOTA)));
        String template = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n",
                List.of(), true));
        String aliceName = TestServer.randomName("alice");
        String bobName = TestServer.randomName("bob");
        Warren aliceSdk = server.newUser(aliceName);
        Warren bobSdk = server.newUser(bobName);
        aliceToken = token(aliceName);
        bobToken = token(bobName);
        space = TestServer.randomName("box");
        aliceSdk().create(space, template);
        aliceSdk().start(space);
        bobsSpace = TestServer.randomName("bobs");
        bobSdk.create(bobsSpace, template);
        bobSdk.start(bobsSpace);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String token(String username) {
        return Warren.login(server.url(), username, "password-" + username, "tus", null).token();
    }

    /** Clients are made per use: a restart moves the server to another port. */
    private TusCalls alice() {
        return new TusCalls(server.url(), aliceToken);
    }

    private TusCalls bob() {
        return new TusCalls(server.url(), bobToken);
    }

    private Warren aliceSdk() {
        return Warren.connect(server.url(), aliceToken);
    }

    private UploadStore store() {
        return new UploadStore(server.server().database().jdbi());
    }

    private Set<String> onDisk() {
        Path directory = server.dataDir().resolve("uploads");
        try (Stream<Path> files = Files.list(directory)) {
            return new TreeSet<>(files.map(file -> file.getFileName() + ":" + size(file)).toList());
        } catch (IOException error) {
            throw new IllegalStateException(error);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException error) {
            return -1;
        }
    }

    /** The rows and the bytes on disk, to check that a refused request changed neither. */
    private record Snapshot(List<UploadStore.Upload> rows, Set<String> disk) {}

    private Snapshot snapshot() {
        return new Snapshot(store().listAll(), onDisk());
    }

    private TusCalls.Answer refused(int status, String words, java.util.function.Supplier<TusCalls.Answer> call) {
        Snapshot before = snapshot();
        TusCalls.Answer answer = call.get();
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains(words);
        assertThat(answer.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(snapshot()).isEqualTo(before);
        return answer;
    }

    private String created(String path, byte[] content) {
        TusCalls.Answer answer = alice().create(space, content.length, metadata("path", path, "sha256",
                sha256(content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.id();
    }

    private boolean existsInSpace(String path) {
        try {
            aliceSdk().readFileBytes(space, path);
            return true;
        } catch (WarrenException.NotFound missing) {
            return false;
        }
    }

    @Test
    void options_tells_the_protocol_without_credentials() {
        TusCalls.Answer answer = new TusCalls(server.url(), null).send("OPTIONS", "/api/uploads",
                java.net.http.HttpRequest.BodyPublishers.noBody());
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(answer.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(answer.header("Tus-Extension")).isEqualTo("creation,expiration,termination,checksum");
        assertThat(answer.header("Tus-Max-Size")).isEqualTo(Long.toString(MAX));
        assertThat(answer.header("Tus-Checksum-Algorithm")).isEqualTo("sha1,sha256");
    }

    @Test
    void creations_with_bad_headers_or_metadata_are_refused_naming_the_field_and_create_nothing() {
        String good = metadata("path", "/workspace/a.bin", "sha256", HASH);
        refused(412, "Tus-Resumable", () -> alice().send("POST", "/api/spaces/" + space + "/uploads",
                java.net.http.HttpRequest.BodyPublishers.noBody(), "Upload-Length", "5", "Upload-Metadata", good));
        refused(400, "Upload-Length", () -> alice().send("POST", "/api/spaces/" + space + "/uploads",
                java.net.http.HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0", "Upload-Metadata", good));
        refused(400, "Upload-Length", () -> alice().send("POST", "/api/spaces/" + space + "/uploads",
                java.net.http.HttpRequest.BodyPublishers.noBody(), "Tus-Resumable", "1.0.0", "Upload-Length", "-5",
                "Upload-Metadata", good));
        refused(400, "'path' is required", () -> alice().create(space, 5, metadata("sha256", HASH)));
        refused(400, "absolute path", () -> alice().create(space, 5, metadata("path", "workspace/a.bin", "sha256",
                HASH)));
        refused(400, "must not end with '/'", () -> alice().create(space, 5, metadata("path", "/workspace/",
                "sha256", HASH)));
        refused(400, "'sha256' is required", () -> alice().create(space, 5, metadata("path", "/workspace/a")));
        refused(400, "64 hexadecimal digits", () -> alice().create(space, 5, metadata("path", "/workspace/a",
                "sha256", "zz".repeat(32))));
        refused(400, "'kind'", () -> alice().create(space, 5, metadata("path", "/a", "sha256", HASH, "kind", "zip")));
        refused(400, "archives only", () -> alice().create(space, 5, metadata("path", "/a", "sha256", HASH,
                "conflict", "merge")));
        refused(400, "merge, replace or fail", () -> alice().create(space, 5, metadata("path", "/a", "sha256", HASH,
                "kind", "archive", "conflict", "overwrite")));
        refused(400, "octal", () -> alice().create(space, 5, metadata("path", "/a", "sha256", HASH, "mode", "999")));
        refused(400, "Unknown metadata key 'owner'", () -> alice().create(space, 5, good + ",owner YWxpY2U="));
        refused(400, "base64", () -> alice().create(space, 5, "path !!!,sha256 " + HASH));
        TusCalls.Answer invalid = refused(400, "validations", () -> alice().create(space, 5, metadata("path", "a")));
        assertThat(invalid.body()).contains("\"field\":\"path\"").contains("\"field\":\"sha256\"");
    }

    @Test
    void limits_answer_413_and_another_users_space_404_and_a_stopped_space_423() {
        refused(413, "at most " + MAX + " bytes", () -> alice().create(space, MAX + 1,
                metadata("path", "/workspace/big", "sha256", HASH)));
        refused(404, bobsSpace, () -> alice().create(bobsSpace, 5, metadata("path", "/workspace/a", "sha256", HASH)));
        refused(404, "no-such-space", () -> alice().create("no-such-space", 5, metadata("path", "/a", "sha256", HASH)));
        String first = alice().create(space, 900_000, metadata("path", "/workspace/q1", "sha256", HASH)).id();
        try {
            refused(413, "Your unfinished uploads already reserve", () -> alice().create(space, 700_000,
                    metadata("path", "/workspace/q2", "sha256", HASH)));
            assertThat(bob().create(bobsSpace, 700_000, metadata("path", "/workspace/b", "sha256", HASH)).status())
                    .as("the quota is per user").isEqualTo(201);
        } finally {
            assertThat(alice().delete(first).status()).isEqualTo(204);
        }
        String stopped = TestServer.randomName("stopped");
        aliceSdk().create(stopped, aliceSdk().get(space).templateName());
        refused(423, "not running", () -> alice().create(stopped, 5, metadata("path", "/a", "sha256", HASH)));
    }

    @Test
    void patches_with_bad_headers_offsets_or_too_many_bytes_are_refused_and_append_nothing() {
        byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
        String id = created("/workspace/patched.txt", content);
        assertThat(alice().patch(id, 0, "0123".getBytes(StandardCharsets.UTF_8)).header("Upload-Offset"))
                .isEqualTo("4");
        refused(412, "Tus-Resumable", () -> alice().send("PATCH", "/api/uploads/" + id,
                java.net.http.HttpRequest.BodyPublishers.ofString("45"), "Upload-Offset", "4",
                "Content-Type", "application/offset+octet-stream"));
        refused(415, "application/offset+octet-stream", () -> alice().send("PATCH", "/api/uploads/" + id,
                java.net.http.HttpRequest.BodyPublishers.ofString("45"), "Tus-Resumable", "1.0.0",
                "Upload-Offset", "4", "Content-Type", "application/octet-stream"));
        refused(400, "Upload-Offset", () -> alice().send("PATCH", "/api/uploads/" + id,
                java.net.http.HttpRequest.BodyPublishers.ofString("45"), "Tus-Resumable", "1.0.0",
                "Content-Type", "application/offset+octet-stream"));
        refused(409, "resume from 4", () -> alice().patch(id, 2, "23".getBytes(StandardCharsets.UTF_8)));
        refused(409, "resume from 4", () -> alice().patch(id, 7, "78".getBytes(StandardCharsets.UTF_8)));
        refused(400, "only 6 are left", () -> alice().patch(id, 4, "456789XYZ".getBytes(StandardCharsets.UTF_8)));
        refused(400, "nothing of it was kept", () -> alice().patchStreamed(id, 4,
                () -> new ByteArrayInputStream("456789XYZ".getBytes(StandardCharsets.UTF_8))));
        refused(400, "Upload-Checksum", () -> alice().send("PATCH", "/api/uploads/" + id,
                java.net.http.HttpRequest.BodyPublishers.ofString("45"), "Tus-Resumable", "1.0.0",
                "Upload-Offset", "4", "Content-Type", "application/offset+octet-stream", "Upload-Checksum", "md5 x"));
        refused(460, "checksum", () -> alice().send("PATCH", "/api/uploads/" + id,
                java.net.http.HttpRequest.BodyPublishers.ofString("45"), "Tus-Resumable", "1.0.0",
                "Upload-Offset", "4", "Content-Type", "application/offset+octet-stream",
                "Upload-Checksum", "sha1 " + java.util.Base64.getEncoder().encodeToString(new byte[20])));
        assertThat(alice().head(id).header("Upload-Offset")).isEqualTo("4");
        assertThat(existsInSpace("/workspace/patched.txt")).isFalse();
        assertThat(alice().delete(id).status()).isEqualTo(204);
    }

    @Test
    void another_users_upload_id_is_404_like_a_missing_one() {
        byte[] content = "secret".getBytes(StandardCharsets.UTF_8);
        String id = created("/workspace/secret.txt", content);
        refused(404, "", () -> bob().head(id)); // HEAD answers carry no body
        refused(404, "No upload", () -> bob().get(id));
        refused(404, "No upload", () -> bob().patch(id, 0, content));
        refused(404, "No upload", () -> bob().delete(id));
        refused(404, "No upload", () -> alice().get("..%2F..%2Fetc%2Fpasswd"));
        refused(404, "No upload", () -> alice().get("not-an-upload-id"));
        refused(404, "No upload", () -> alice().get("0".repeat(32)));
        assertThat(bob().send("GET", "/api/uploads", java.net.http.HttpRequest.BodyPublishers.noBody()).body())
                .doesNotContain(id);
        assertThat(alice().delete(id).status()).isEqualTo(204);
    }

    @Test
    void a_checksum_mismatch_fails_the_upload_frees_its_disk_and_writes_nothing_at_the_target() {
        byte[] content = "the real content".getBytes(StandardCharsets.UTF_8);
        String id = alice().create(space, content.length, metadata("path", "/workspace/mismatch.txt",
                "sha256", sha256("something else".getBytes(StandardCharsets.UTF_8)))).id();
        TusCalls.Answer answer = alice().patch(id, 0, content);
        assertThat(answer.status()).isEqualTo(460);
        assertThat(answer.body()).contains("\"field\":\"sha256\"").contains("nothing was written");
        assertThat(existsInSpace("/workspace/mismatch.txt")).isFalse();
        assertThat(store().find(id).orElseThrow().state()).isEqualTo(UploadStore.State.FAILED);
        assertThat(onDisk()).noneMatch(name -> name.startsWith(id));
        assertThat(alice().get(id).body()).contains("\"state\":\"failed\"");
        refused(423, "failed", () -> alice().patch(id, content.length, new byte[0]));
    }

    @Test
    void an_upload_in_two_patches_is_verified_written_and_its_disk_freed() {
        byte[] content = "hello, resumable world\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        String id = created("/workspace/sub/hello.txt", content);
        TusCalls.Answer head = alice().head(id);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Upload-Offset")).isEqualTo("0");
        assertThat(head.header("Upload-Length")).isEqualTo(Integer.toString(content.length));
        assertThat(head.header("Upload-Expires")).endsWith("GMT");
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        TusCalls.Answer first = alice().patch(id, 0, java.util.Arrays.copyOf(content, 1000));
        assertThat(first.status()).isEqualTo(204);
        assertThat(first.header("Upload-Offset")).isEqualTo("1000");
        assertThat(onDisk()).contains(id + ":1000");
        TusCalls.Answer last = alice().patch(id, 1000, java.util.Arrays.copyOfRange(content, 1000, content.length));
        assertThat(last.status()).as(last.body()).isEqualTo(204);
        assertThat(last.header("Upload-Offset")).isEqualTo(Integer.toString(content.length));
        assertThat(aliceSdk().readFileBytes(space, "/workspace/sub/hello.txt")).isEqualTo(content);
        assertThat(alice().get(id).body()).contains("\"state\":\"completed\"").contains("\"bytes\":" + content.length);
        assertThat(onDisk()).noneMatch(name -> name.startsWith(id));
        refused(423, "already completed", () -> alice().patch(id, content.length, new byte[0]));
    }

    @Test
    void a_second_patch_while_one_is_sending_is_refused_with_409() throws Exception {
        String id = created("/workspace/concurrent.bin", new byte[20]);
        URI base = URI.create(server.url());
        try (Socket first = new Socket(base.getHost(), base.getPort())) { // half a body sent, the rest held back
            OutputStream out = first.getOutputStream();
            out.write(("PATCH /api/uploads/" + id + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + aliceToken + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nContent-Length: 20\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[10]);
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            TusCalls.Answer second;
            do { // until the first PATCH holds the upload (before that, an empty PATCH at 0 changes nothing)
                assertThat(System.nanoTime()).as("the first PATCH never started").isLessThan(deadline);
                second = alice().patch(id, 0, new byte[0]);
            } while (second.status() == 204);
            assertThat(second.status()).as(second.body()).isEqualTo(409);
            assertThat(second.body()).contains("Another PATCH");
            out.write(new byte[10]);
            out.flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 204 No Content");
        }
        assertThat(alice().head(id).header("Upload-Offset")).isEqualTo("20");
        assertThat(aliceSdk().readFileBytes(space, "/workspace/concurrent.bin")).isEqualTo(new byte[20]);
    }

    @Test
    void termination_deletes_the_upload_and_its_bytes() {
        String id = created("/workspace/terminated.bin", new byte[100]);
        alice().patch(id, 0, new byte[40]);
        assertThat(onDisk()).contains(id + ":40");
        assertThat(alice().delete(id).status()).isEqualTo(204);
        assertThat(alice().head(id).status()).isEqualTo(404);
        assertThat(onDisk()).noneMatch(name -> name.startsWith(id));
        assertThat(store().find(id)).isEmpty();
    }

    @Test
    void an_empty_upload_completes_at_creation_and_the_sdk_list_shows_only_the_callers() {
        String id = created("/workspace/empty.txt", new byte[0]);
        assertThat(alice().get(id).body()).contains("\"state\":\"completed\"");
        assertThat(aliceSdk().readFileBytes(space, "/workspace/empty.txt")).isEmpty();
        assertThat(alice().send("GET", "/api/uploads", java.net.http.HttpRequest.BodyPublishers.noBody()).body())
                .contains(id);
    }

    @Test
    void an_upload_survives_a_restart_and_the_disk_is_reconciled_with_the_table() throws Exception {
        byte[] content = "kept across a restart".getBytes(StandardCharsets.UTF_8);
        String kept = created("/workspace/restarted.txt", content);
        alice().patch(kept, 0, java.util.Arrays.copyOf(content, 5));
        String lost = created("/workspace/lost.txt", content);
        Path uploads = server.dataDir().resolve("uploads");
        server.halt();
        Files.delete(uploads.resolve(lost));
        Files.write(uploads.resolve("f".repeat(32)), new byte[7]); // a file no upload owns
        Files.write(uploads.resolve(kept), "XYZ".getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND); // bytes written but never counted (a crash mid-PATCH)
        server.boot();
        assertThat(alice().head(kept).header("Upload-Offset")).isEqualTo("5");
        assertThat(alice().get(lost).body()).contains("\"state\":\"failed\"").contains("lost from the server's disk");
        assertThat(onDisk()).noneMatch(name -> name.startsWith("f".repeat(32)));
        assertThat(alice().patch(kept, 5, java.util.Arrays.copyOfRange(content, 5, content.length)).status())
                .isEqualTo(204);
        assertThat(aliceSdk().readFileBytes(space, "/workspace/restarted.txt")).isEqualTo(content);
    }

    @Test
    void an_upload_untouched_for_the_expiry_is_expired_its_disk_freed_and_resuming_answers_410() throws Exception {
        try (TestServer expiring = TestServer.sqlite(TestServer.MEMORY, Map.of("WARREN_UPLOAD_EXPIRY_SECONDS", "1"))) {
            String template = TestServer.randomName("tpl");
            expiring.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n",
                    List.of(), true));
            String box = TestServer.randomName("box");
            expiring.admin().create(box, template);
            expiring.admin().start(box);
            String token = Warren.login(expiring.url(), "admin", TestServer.ADMIN_PASSWORD, "t", null).token();
            TusCalls admin = new TusCalls(expiring.url(), token);
            String id = admin.create(box, 10, metadata("path", "/workspace/x", "sha256", HASH)).id();
            admin.patch(id, 0, new byte[3]);
            UploadStore rows = new UploadStore(expiring.server().database().jdbi());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rows.find(id).orElseThrow().state() != UploadStore.State.EXPIRED) { // the sweep, every second
                assertThat(System.nanoTime()).as("the sweep never expired the upload").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(Files.exists(expiring.dataDir().resolve("uploads").resolve(id))).isFalse();
            assertThat(admin.head(id).status()).isEqualTo(410);
            TusCalls.Answer resumed = admin.patch(id, 3, new byte[7]);
            assertThat(resumed.status()).isEqualTo(410);
            assertThat(resumed.body()).contains("expired");
            assertThat(admin.get(id).body()).contains("\"state\":\"expired\"");
        }
    }
}
