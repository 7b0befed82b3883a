package dev.warren.server.files;

import dev.warren.client.FileWatchHandle;
import dev.warren.client.FilesApi;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.archive.TestTars;
import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Files.FileEvent;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file API on a real engine, through the SDK: every operation, a watch, glob search, a directory archive that
 * goes out and comes back identical (dot-directory, link, empty directory, a 0600 file, 5 MB), the conflict policies,
 * and each refused archive — with a look at the parent afterwards, so nothing appeared outside the destination and,
 * for replace, the old content is intact. One space for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FileOperationsContract {
    private TestServer server;
    private FilesApi files;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        Warren owner = server.newUser(TestServer.randomName("files"));
        String template = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, infinity]\nworkdir: /workspace\n", List.of(), true));
        String space = TestServer.randomName("box");
        owner.create(space, template);
        owner.start(space);
        files = owner.files(space);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                throw new AssertionError(interrupted);
            }
        }
    }

    /** Every entry under {@code root} as "relative type mode size target", for comparing trees. */
    private List<String> tree(String root) {
        return files.list(root, 10).stream().map(e -> e.path().substring(root.length() + 1) + " " + e.type() + " "
                + e.mode() + " " + (e.isDirectory() ? "-" : e.size()) + " " + e.symlinkTarget()).sorted().toList();
    }

    private List<String> names(String directory) {
        return files.list(directory, 1).stream().map(FileEntry::name).sorted().toList();
    }

    private static String sha256(InputStream in) throws Exception {
        try (in) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    @Test
    void every_operation_works_through_the_sdk() {
        files.write("/workspace/ops/a.txt", "alpha");
        assertThat(files.read("/workspace/ops/a.txt")).isEqualTo("alpha");
        FileEntry entry = files.stat("/workspace/ops/a.txt");
        assertThat(entry).extracting(FileEntry::name, FileEntry::type, FileEntry::size, FileEntry::mode)
                .containsExactly("a.txt", "file", 5L, "0644");
        assertThat(entry.modifiedAt()).isNotNull();
        assertThat(files.makeDir("/workspace/ops/sub/deeper")).isTrue();
        assertThat(files.makeDir("/workspace/ops/sub/deeper")).isFalse();
        assertThatThrownBy(() -> files.makeDir("/workspace/ops/a.txt")).isInstanceOf(WarrenException.Conflict.class);
        assertThat(files.list("/workspace/ops")).extracting(FileEntry::name).containsExactly("a.txt", "sub");
        assertThat(files.list("/workspace/ops", 3)).extracting(FileEntry::path).containsExactly(
                "/workspace/ops/a.txt", "/workspace/ops/sub", "/workspace/ops/sub/deeper");
        FileEntry moved = files.rename("/workspace/ops/a.txt", "/workspace/ops/new/place/b.txt");
        assertThat(moved.path()).isEqualTo("/workspace/ops/new/place/b.txt");
        assertThat(files.exists("/workspace/ops/a.txt")).isFalse();
        assertThat(files.search("/workspace/ops", "**/*.txt").entries()).extracting(FileEntry::path)
                .containsExactly("/workspace/ops/new/place/b.txt");
        assertThat(files.search("/workspace/ops", "*").entries()).extracting(FileEntry::name)
                .containsExactly("new", "sub");
        assertThat(files.search("/workspace/ops", "n?w/[p-q]*").entries()).extracting(FileEntry::name)
                .containsExactly("place");
        files.remove("/workspace/ops");
        assertThat(files.exists("/workspace/ops")).isFalse();
        assertThatThrownBy(() -> files.remove("/workspace/ops")).isInstanceOf(WarrenException.NotFound.class);
    }

    @Test
    void a_watch_sees_a_created_file_a_write_and_a_removal() {
        files.makeDir("/workspace/watched");
        List<FileEvent> events = new CopyOnWriteArrayList<>();
        try (FileWatchHandle watch = files.watch("/workspace/watched", true, events::add)) {
            files.makeDir("/workspace/watched/inner");
            await(() -> events.stream().anyMatch(e -> e.path().equals("/workspace/watched/inner")),
                    "the directory's creation was seen");
            files.write("/workspace/watched/inner/new.txt", "hello");
            await(() -> events.stream().anyMatch(e -> e.path().equals("/workspace/watched/inner/new.txt")
                    && e.type().equals("create")), "a file created in a new directory was seen (recursive)");
            files.remove("/workspace/watched/inner/new.txt");
            await(() -> events.stream().anyMatch(e -> e.type().equals("remove")), "the removal was seen");
            assertThat(watch.isOpen()).isTrue();
        }
        files.remove("/workspace/watched");
    }

    @Test
    void a_directory_goes_out_as_a_tar_and_comes_back_identical_in_the_space_and_locally(
            @org.junit.jupiter.api.io.TempDir Path local) throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(big);
        files.write("/workspace/project/.git/config", "[core]\n");
        files.write("/workspace/project/src/main.c", "int main(void) { return 0; }\n");
        files.write("/workspace/project/big.bin", big);
        files.makeDir("/workspace/project/empty");
        files.write("/workspace/project/secret", "s");
        chmod("/workspace/project/secret", "600");
        files.extractArchive(new ByteArrayInputStream(new TestTars().symlink("link", "src/main.c").bytes()),
                "/workspace/project", ConflictPolicy.MERGE);

        ArchiveResult copied;
        try (InputStream tar = files.openArchive("/workspace/project")) {
            copied = files.extractArchive(tar, "/workspace/copy", ConflictPolicy.FAIL);
        }
        long bytes = big.length + "[core]\n".length() + "int main(void) { return 0; }\n".length() + 1;
        assertThat(copied).isEqualTo(new ArchiveResult("/workspace/copy", 4, 3, 1, bytes));
        assertThat(tree("/workspace/copy")).isEqualTo(tree("/workspace/project"));
        assertThat(tree("/workspace/copy")).contains("secret file 0600 1 null", "link symlink 0777 10 src/main.c")
                .anyMatch(line -> line.startsWith("empty dir ")).anyMatch(line -> line.startsWith(".git dir "));
        assertThat(sha256(files.readStream("/workspace/copy/big.bin")))
                .isEqualTo(sha256(new ByteArrayInputStream(big)));

        ArchiveCounts counts = files.downloadDir("/workspace/project", local.resolve("here"));
        assertThat(counts).isEqualTo(new ArchiveCounts(4, 3, 1, bytes));
        Path here = local.resolve("here");
        assertThat(Files.readSymbolicLink(here.resolve("link"))).isEqualTo(Path.of("src/main.c"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(here.resolve("secret"))))
                .isEqualTo("rw-------");
        assertThat(here.resolve("empty")).isEmptyDirectory();
        assertThat(here.resolve(".git/config")).hasContent("[core]");
        assertThat(sha256(Files.newInputStream(here.resolve("big.bin")))).isEqualTo(sha256(new ByteArrayInputStream(big)));
        assertThat(Files.getLastModifiedTime(here.resolve("src/main.c")).toInstant().getEpochSecond())
                .isEqualTo(files.stat("/workspace/project/src/main.c").modifiedAt().getEpochSecond());
        assertThat(files.downloadFile("/workspace/project/big.bin", local.resolve("big.bin"))).isEqualTo(big.length);
        assertThat(Files.isSymbolicLink(local.resolve("big.bin"))).isFalse();
        assertThat(Files.size(local.resolve("big.bin"))).isEqualTo(big.length);
        files.remove("/workspace/project");
        files.remove("/workspace/copy");
    }

    /** The file API has no chmod; a write with a mode is how a 0600 file is made. */
    private void chmod(String path, String mode) {
        byte[] content = files.readBytes(path);
        files.extractArchive(new ByteArrayInputStream(new TestTars().file(path.substring(path.lastIndexOf('/') + 1),
                new String(content), Integer.parseInt(mode, 8)).bytes()), path.substring(0, path.lastIndexOf('/')),
                ConflictPolicy.MERGE);
    }

    @Test
    void merge_keeps_what_the_archive_does_not_name_replace_keeps_nothing_else_and_fail_refuses_content() {
        files.write("/workspace/target/old.txt", "old");
        files.write("/workspace/target/same.txt", "before");
        byte[] tar = new TestTars().file("same.txt", "after").file("dir/new.txt", "new").bytes();

        ArchiveResult merged = files.extractArchive(new ByteArrayInputStream(tar), "/workspace/target",
                ConflictPolicy.MERGE);
        assertThat(merged.fileCount()).isEqualTo(2);
        assertThat(names("/workspace/target")).containsExactly("dir", "old.txt", "same.txt");
        assertThat(files.read("/workspace/target/same.txt")).isEqualTo("after");

        assertThatThrownBy(() -> files.extractArchive(new ByteArrayInputStream(tar), "/workspace/target",
                ConflictPolicy.FAIL)).isInstanceOf(WarrenException.Conflict.class).hasMessageContaining("not empty");
        assertThatThrownBy(() -> files.extractArchive(new ByteArrayInputStream(new TestTars().file("dir", "x")
                .bytes()), "/workspace/target", ConflictPolicy.MERGE)).isInstanceOf(WarrenException.Conflict.class);
        assertThat(files.stat("/workspace/target/dir").type()).isEqualTo("dir");

        files.extractArchive(new ByteArrayInputStream(tar), "/workspace/target", ConflictPolicy.REPLACE);
        assertThat(tree("/workspace/target")).containsExactly("dir dir 0755 - null", "dir/new.txt file 0644 3 null",
                "same.txt file 0644 5 null");
        files.makeDir("/workspace/empty-target");
        files.extractArchive(new ByteArrayInputStream(tar), "/workspace/empty-target", ConflictPolicy.FAIL);
        assertThat(names("/workspace/empty-target")).containsExactly("dir", "same.txt");
        files.remove("/workspace/target");
        files.remove("/workspace/empty-target");
    }

    @Test
    void refused_archives_leave_nothing_outside_the_destination_and_replace_keeps_the_old_content() {
        files.write("/workspace/guarded/inside/keep.txt", "keep");
        List<String> parent = names("/workspace");
        List<String> before = tree("/workspace/guarded");
        for (byte[] tar : List.of(
                new TestTars().file("first.txt", "1").file("/tmp/absolute.txt", "x").bytes(),
                new TestTars().file("first.txt", "1").file("inside/../../dotdot.txt", "x").bytes(),
                new TestTars().file("first.txt", "1").symlink("escape", "../../..").file("escape/tmp/through.txt",
                        "x").bytes(),
                new TestTars().file("first.txt", "1").hardLink("hard", "/etc/passwd").bytes(),
                new TestTars().file("first.txt", "1").device("zero").bytes())) {
            for (ConflictPolicy policy : ConflictPolicy.values()) {
                String destination = policy == ConflictPolicy.FAIL ? "/workspace/fresh/dest" : "/workspace/guarded";
                assertThatThrownBy(() -> files.extractArchive(new ByteArrayInputStream(tar), destination, policy))
                        .isInstanceOfSatisfying(WarrenException.ValidationFailed.class, refused -> assertThat(
                                refused.validations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("archive")));
                assertThat(names("/workspace")).as("nothing appeared beside the destination").isEqualTo(parent);
                assertThat(tree("/workspace/guarded")).as("the destination is as it was").isEqualTo(before);
            }
        }
        assertThat(files.exists("/tmp/absolute.txt")).isFalse();
        assertThat(files.exists("/workspace/dotdot.txt")).isFalse();
        assertThat(files.exists("/tmp/through.txt")).isFalse();
        assertThat(files.read("/workspace/guarded/inside/keep.txt")).isEqualTo("keep");
        files.remove("/workspace/guarded");
    }
}
