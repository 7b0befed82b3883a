package dev.warren.server.uploads;

import dev.warren.client.RunOptions;
import dev.warren.client.UploadsApi;
import dev.warren.client.Warren;
import dev.warren.client.transfer.DirUploadOptions;
import dev.warren.client.transfer.DirUploadResult;
import dev.warren.client.transfer.FileUploadException;
import dev.warren.client.transfer.UploadOptions;
import dev.warren.client.transfer.UploadProgress;
import dev.warren.client.transfer.UploadResult;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Resumable uploads into a space on a real engine, through the SDK: a 200 MB file whose connection is cut mid-way
 * and resumed with the id from the exception; a directory with {@code .warrenignore} and negation, a symlink and a
 * dot-directory; a server restart between two chunks. The content inside the space is checked with the space's own
 * tools ({@code sha256sum}, {@code find}, {@code readlink}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UploadsContract {
    private static final long BIG = 200L << 20;

    private TestServer server;
    private String token;
    private String space;
    @TempDir
    Path local;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        String username = TestServer.randomName("up");
        server.newUser(username);
        token = Warren.login(server.url(), username, "password-" + username, "uploads", null).token();
        String template = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, infinity]\n", List.of(), true));
        space = TestServer.randomName("box");
        owner().create(space, template);
        owner().start(space);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A client made per use: a restart moves the server to another port. */
    private Warren owner() {
        return Warren.connect(server.url(), token);
    }

    private String inSpace(String command) {
        return owner().processes(space).run(command, RunOptions.shell()).stdout();
    }

    @Test
    void a_200_mb_file_cut_mid_way_resumes_with_the_id_from_the_exception_to_the_same_sha256() throws Exception {
        Path file = local.resolve("model.bin");
        String sha256 = writeRandom(file, BIG);
        FileUploadException broken;
        try (CuttingRelay relay = new CuttingRelay(server.server().port(), 80L << 20)) {
            UploadsApi viaRelay = Warren.connect(relay.url(), token).uploads(space);
            broken = catchThrowableOfType(FileUploadException.class,
                    () -> viaRelay.uploadFile(file, "/workspace/model.bin", UploadOptions.defaults().forceResumable()));
            assertThat(relay.hasCut()).isTrue();
        }
        assertThat(broken).as("the cut connection fails the upload").isNotNull();
        assertThat(broken.uploadId()).isNotNull();
        long held = owner().uploads(space).get(broken.uploadId()).offset();
        assertThat(held).as("the server kept what arrived").isBetween(64L << 20, 80L << 20);
        List<UploadProgress> events = new CopyOnWriteArrayList<>();
        UploadResult resumed = owner().uploads(space).resumeUpload(broken.uploadId(), file, events::add);
        assertThat(resumed.uploadId()).isEqualTo(broken.uploadId());
        // The server may still be writing what arrived before the cut when we asked: it resumes from its offset then,
        // which is at least what we read and at most what passed the relay.
        assertThat(resumed.bytesUploaded()).isBetween(BIG - (80L << 20), BIG - held);
        assertThat(resumed.sha256()).isEqualTo(sha256);
        assertThat(events.stream().map(UploadProgress::phase).distinct().toList()).containsExactly("preparing", "uploading", "verifying", "done");
        assertThat(inSpace("sha256sum /workspace/model.bin")).startsWith(sha256 + " ");
        assertThat(owner().uploads(space).get(broken.uploadId()).state()).isEqualTo("completed");
        assertThat(Files.list(server.dataDir().resolve("uploads")).count()).as("the disk is freed").isZero();
    }

    @Test
    void a_directory_upload_honours_warrenignore_with_negation_keeps_symlinks_and_dot_directories() throws Exception {
        Path tree = Files.createDirectories(local.resolve("src"));
        write(tree.resolve(".warrenignore"), "*.log\n!keep.log\nbuild/\n");
        write(tree.resolve("a.txt"), "alpha\n");
        write(tree.resolve("debug.log"), "noise\n");
        write(tree.resolve("keep.log"), "kept\n");
        write(tree.resolve("scratch.tmp"), "explicitly ignored\n");
        write(tree.resolve("build/out.bin"), "built\n");
        write(tree.resolve(".git/config"), "[core]\n");
        write(tree.resolve("sub/deep/file.txt"), "deep\n");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("a.txt"));
        DirUploadResult result = owner().uploads(space).uploadDir(tree, "/workspace/tree",
                DirUploadOptions.defaults().withIgnorePatterns(List.of("*.tmp")));
        assertThat(result.fileCount()).isEqualTo(5); // .warrenignore, a.txt, keep.log, .git/config, sub/deep/file.txt
        assertThat(result.symlinkCount()).isEqualTo(1);
        assertThat(Set.of(inSpace("cd /workspace/tree && find . | sort").split("\n"))).containsExactlyInAnyOrder(
                ".", "./.warrenignore", "./a.txt", "./keep.log", "./.git", "./.git/config", "./sub", "./sub/deep",
                "./sub/deep/file.txt", "./link");
        assertThat(inSpace("readlink /workspace/tree/link; cat /workspace/tree/link")).isEqualTo("a.txt\nalpha\n");
        assertThat(owner().uploads(space).get(result.uploadId()).result().fileCount()).isEqualTo(5);
    }

    @Test
    void a_server_restart_between_two_chunks_is_resumed_from_the_servers_offset() throws Exception {
        Path file = local.resolve("chunks.bin");
        String sha256 = writeRandom(file, 3L << 20);
        UploadOptions stopAfterFirstChunk = UploadOptions.defaults().forceResumable().withChunkSize(1L << 20)
                .withProgress(event -> {
                    if (event.phase().equals(UploadProgress.UPLOADING) && event.bytesCompleted() > (1L << 20)) {
                        throw new IllegalStateException("the client stops after its first chunk");
                    }
                });
        FileUploadException stopped = catchThrowableOfType(FileUploadException.class,
                () -> owner().uploads(space).uploadFile(file, "/workspace/chunks.bin", stopAfterFirstChunk));
        assertThat(stopped.uploadId()).isNotNull();
        server.halt();
        server.boot();
        long held = owner().uploads(space).get(stopped.uploadId()).offset();
        assertThat(held).isGreaterThanOrEqualTo(1L << 20).isLessThan(3L << 20);
        UploadResult resumed = owner().uploads(space).resumeUpload(stopped.uploadId(), file, event -> { });
        assertThat(resumed.bytesUploaded()).isEqualTo((3L << 20) - held);
        assertThat(inSpace("sha256sum /workspace/chunks.bin")).startsWith(sha256 + " ");
    }

    @Test
    void a_small_file_goes_directly_to_workspace_when_no_path_is_given() throws Exception {
        Path small = local.resolve("small.txt");
        write(small, "small and direct\n");
        UploadResult direct = owner().uploads(space).uploadFile(small, null, UploadOptions.defaults());
        assertThat(direct.transport()).isEqualTo("direct");
        assertThat(direct.uploadId()).isNull();
        assertThat(direct.targetPath()).isEqualTo("/workspace/small.txt");
        assertThat(inSpace("cat /workspace/small.txt")).isEqualTo("small and direct\n");
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Writes {@code size} pseudo-random bytes and returns their SHA-256. */
    private static String writeRandom(Path file, long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(size);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                int length = (int) Math.min(block.length, size - written);
                out.write(block, 0, length);
                digest.update(block, 0, length);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
