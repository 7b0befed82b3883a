package dev.warren.server.files;

import dev.warren.client.FileWatchHandle;
import dev.warren.client.FilesApi;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.archive.TestTars;
import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.Poll;
import dev.warren.server.support.TestServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file operations' refusals, on the in-memory runtime (they do not depend on an engine): every one a sentence
 * naming the field, and nothing changed. The behaviour itself runs on real engines in {@code FileOperationsContract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryFileOperationsTest {
    private TestServer server;
    private Warren alice;
    private Warren bob;
    private String bobName;
    private String aliceToken;
    private String space;
    private String stopped;
    private FilesApi files;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY);
        String aliceName = TestServer.randomName("alice");
        alice = server.newUser(aliceName);
        aliceToken = Warren.login(server.url(), aliceName, "password-" + aliceName, "raw", null).token();
        bobName = TestServer.randomName("bob");
        bob = server.newUser(bobName);
        String template = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, \"3600\"]\n", List.of(), true));
        space = TestServer.randomName("files");
        alice.create(space, template);
        alice.start(space);
        stopped = TestServer.randomName("idle");
        alice.create(stopped, template);
        files = alice.files(space);
        files.write("/workspace/keep.txt", "kept");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void refused(ThrowingCallable call, Class<? extends WarrenException> type, String words) {
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(words);
    }

    private List<String> workspace() {
        return files.list("/workspace", 10).stream().map(FileEntry::path).toList();
    }

    @Test
    void a_depth_outside_one_to_ten_or_not_a_number_is_refused_naming_depth() {
        refused(() -> files.list("/workspace", 0), WarrenException.ValidationFailed.class, "'depth'");
        refused(() -> files.list("/workspace", 11), WarrenException.ValidationFailed.class, "between 1 and 10");
        assertThatThrownBy(() -> files.list("/workspace", 0)).isInstanceOfSatisfying(
                WarrenException.ValidationFailed.class, e -> assertThat(e.validations())
                        .anySatisfy(v -> assertThat(v.field()).isEqualTo("depth")));
        assertThat(raw("GET", "/files/list?path=/workspace&depth=two")).startsWith("400").contains("depth");
    }

    @Test
    void a_missing_or_relative_path_is_refused_with_a_sentence_naming_path() {
        assertThat(raw("GET", "/files/stat")).startsWith("400").contains("'path' is required");
        assertThat(raw("GET", "/files/list")).startsWith("400").contains("path");
        assertThat(raw("DELETE", "/files")).startsWith("400").contains("path");
        assertThat(raw("GET", "/files/search?glob=*")).startsWith("400").contains("path");
        refused(() -> files.stat("workspace/keep.txt"), WarrenException.ValidationFailed.class, "absolute path");
        refused(() -> files.makeDir("relative/dir"), WarrenException.ValidationFailed.class, "absolute path");
        refused(() -> files.rename("/workspace/keep.txt", "elsewhere"), WarrenException.ValidationFailed.class,
                "'to'");
        assertThat(workspace()).containsExactly("/workspace/keep.txt");
    }

    @Test
    void another_users_space_and_a_missing_space_are_not_found_alike() {
        FilesApi stranger = bob.files(space);
        refused(() -> stranger.stat("/workspace/keep.txt"), WarrenException.NotFound.class, space);
        refused(() -> stranger.list("/workspace"), WarrenException.NotFound.class, space);
        refused(() -> stranger.remove("/workspace/keep.txt"), WarrenException.NotFound.class, space);
        refused(() -> stranger.makeDir("/workspace/bob"), WarrenException.NotFound.class, space);
        refused(() -> stranger.search("/workspace", "*"), WarrenException.NotFound.class, space);
        refused(() -> stranger.watch("/workspace", false, event -> { }), WarrenException.NotFound.class, space);
        refused(() -> stranger.openArchive("/workspace"), WarrenException.NotFound.class, space);
        refused(() -> stranger.extractArchive(new ByteArrayInputStream(new TestTars().file("x", "x").bytes()),
                "/workspace", ConflictPolicy.MERGE), WarrenException.NotFound.class, space);
        refused(() -> bob.files("no-such-space").stat("/"), WarrenException.NotFound.class, "no-such-space");
        assertThat(workspace()).containsExactly("/workspace/keep.txt");
    }

    @Test
    void a_stopped_space_is_refused_with_the_wrong_state() {
        refused(() -> alice.files(stopped).list("/"), WarrenException.WrongState.class, "not running");
        refused(() -> alice.files(stopped).openArchive("/"), WarrenException.WrongState.class, "not running");
    }

    @Test
    void missing_paths_are_not_found_and_the_root_is_never_removed() {
        refused(() -> files.stat("/workspace/nope"), WarrenException.NotFound.class, "/workspace/nope");
        refused(() -> files.remove("/workspace/nope"), WarrenException.NotFound.class, "/workspace/nope");
        refused(() -> files.remove("/"), WarrenException.ValidationFailed.class, "'/' cannot be removed");
        refused(() -> files.remove("/workspace/.."), WarrenException.ValidationFailed.class, "cannot be removed");
        refused(() -> files.openArchive("/workspace/nope"), WarrenException.NotFound.class, "/workspace/nope");
        assertThat(files.exists("/workspace/nope")).isFalse();
        assertThat(files.exists("/workspace/keep.txt")).isTrue();
    }

    @Test
    void mkdir_reports_whether_it_created_and_a_file_in_the_way_is_a_conflict() {
        assertThat(files.makeDir("/tmp/made/deep")).isTrue();
        assertThat(files.makeDir("/tmp/made/deep")).isFalse();
        refused(() -> files.makeDir("/workspace/keep.txt"), WarrenException.Conflict.class, "not a directory");
        refused(() -> files.rename("/tmp/made", "/tmp/made/inside"), WarrenException.ValidationFailed.class,
                "into itself");
        files.remove("/tmp/made");
    }

    @Test
    void a_bad_glob_or_conflict_policy_is_refused_naming_it() {
        refused(() -> files.search("/workspace", "[abc"), WarrenException.ValidationFailed.class, "'glob'");
        refused(() -> files.search("/workspace", "/abs/*"), WarrenException.ValidationFailed.class, "'glob'");
        assertThat(raw("GET", "/files/search?path=/workspace")).startsWith("400").contains("glob");
        assertThat(raw("POST", "/archive?path=/workspace/x&conflict=overwrite")).startsWith("400")
                .contains("conflict");
        assertThat(raw("GET", "/files/watch?path=/workspace&recursive=maybe")).startsWith("400")
                .contains("recursive");
        assertThat(workspace()).containsExactly("/workspace/keep.txt");
    }

    @Test
    void refused_archives_leave_nothing_behind() {
        for (byte[] tar : List.of(new TestTars().file("a.txt", "a").file("/etc/evil", "x").bytes(),
                new TestTars().file("a.txt", "a").file("../evil", "x").bytes(),
                new TestTars().file("a.txt", "a").symlink("out", "../..").file("out/evil", "x").bytes(),
                new TestTars().file("a.txt", "a").hardLink("hard", "a.txt").bytes(),
                new TestTars().file("a.txt", "a").device("null").bytes())) {
            refused(() -> files.extractArchive(new ByteArrayInputStream(tar), "/workspace/new/out",
                    ConflictPolicy.MERGE), WarrenException.ValidationFailed.class, "archive");
            assertThat(workspace()).containsExactly("/workspace/keep.txt");
            refused(() -> files.extractArchive(new ByteArrayInputStream(tar), "/workspace", ConflictPolicy.REPLACE),
                    WarrenException.ValidationFailed.class, "archive");
            assertThat(workspace()).containsExactly("/workspace/keep.txt");
        }
        refused(() -> files.extractArchive(new ByteArrayInputStream(new TestTars().file("b", "b").bytes()),
                "/workspace", ConflictPolicy.FAIL), WarrenException.Conflict.class, "not empty");
        refused(() -> files.extractArchive(new ByteArrayInputStream(new TestTars().file("b", "b").bytes()),
                "/workspace/keep.txt", ConflictPolicy.MERGE), WarrenException.Conflict.class, "not a directory");
        assertThat(files.read("/workspace/keep.txt")).isEqualTo("kept");
    }

    @Test
    void an_archive_extracts_and_comes_back_on_the_memory_runtime_too() {
        ArchiveResult result = files.extractArchive(new ByteArrayInputStream(new TestTars().directory("d")
                .file("d/f.txt", "f", 0600).symlink("d/l", "f.txt").bytes()), "/tmp/unpacked", ConflictPolicy.FAIL);
        assertThat(result).isEqualTo(new ArchiveResult("/tmp/unpacked", 1, 1, 1, 1));
        assertThat(files.stat("/tmp/unpacked/d/f.txt").mode()).isEqualTo("0600");
        assertThat(files.stat("/tmp/unpacked/d/l").symlinkTarget()).isEqualTo("f.txt");
        assertThat(files.search("/tmp/unpacked", "**/*.txt").entries()).extracting(FileEntry::path)
                .containsExactly("/tmp/unpacked/d/f.txt");
        files.remove("/tmp/unpacked");
    }

    @Test
    void a_watch_ends_when_its_caller_loses_access_to_the_space() throws InterruptedException {
        String shared = TestServer.randomName("shared");
        alice.create(shared, alice.get(space).templateName());
        alice.start(shared);
        alice.share(shared, bobName);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FileWatchHandle watch = bob.files(shared).watch("/", true, event -> seen.add(event.path()))) {
            alice.files(shared).write("/seen-by-bob.txt", "x");
            Poll.until("bob's watch saw the file", Duration.ofSeconds(10), () -> seen.contains("/seen-by-bob.txt"));
            assertThat(seen).contains("/seen-by-bob.txt");
            alice.unshare(shared, bobName);
            Poll.until("the unshare closed bob's watch", Duration.ofSeconds(10), () -> !watch.isOpen());
            assertThat(watch.isOpen()).as("the unshare closed bob's watch").isFalse();
            assertThat(watch.endReason()).contains("The watch ended");
        }
        alice.stop(shared);
    }

    /** A raw request, answering "status body" (for parameters the SDK never sends wrong). */
    private String raw(String method, String pathAndQuery) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/spaces/" + space
                    + pathAndQuery)).header("Authorization", "Bearer " + aliceToken)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
