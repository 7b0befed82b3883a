package dev.warren.runtime.agent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files through {@link AgentClient}; the agent runs on this host, so its files are this host's. */
class AgentFilesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static RunningAgent agent;
    private static AgentClient client;
    private static Path root;

    @BeforeAll
    static void startAgent() throws IOException {
        agent = RunningAgent.start().awaitReady();
        client = agent.client;
        root = agent.directory.resolve("files");
        Files.createDirectory(root);
        // temporary directories are private (0700): let the other user of the ownership test reach in
        Files.setPosixFilePermissions(agent.directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @Test
    void twenty_megabytes_go_in_and_come_back_in_chunks() throws NoSuchAlgorithmException {
        byte[] content = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(content);
        String path = root.resolve("big/random.bin").toString();
        client.write(path, new ByteArrayInputStream(content), 0600);

        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        int[] chunks = {0};
        long[] size = {0};
        client.read(path, new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException("the client writes chunks");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
                chunks[0]++;
                size[0] += length;
            }
        });
        assertThat(size[0]).isEqualTo(content.length);
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(chunks[0]).isGreaterThan(100);
        FileInfo info = client.stat(path);
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.mode()).isEqualTo(0600);
    }

    @Test
    void directories_are_made_listed_renamed_and_removed() throws IOException {
        Path tree = root.resolve("tree");
        client.makeDirectories(tree.resolve("a/b").toString());
        client.makeDirectories(tree.resolve("a/b").toString());
        write(tree.resolve("a/file.txt"), "hi", 0640);
        Files.createSymbolicLink(tree.resolve("link"), Path.of("a/file.txt"));

        FileInfo file = client.stat(tree.resolve("a/file.txt").toString());
        assertThat(file)
                .extracting(FileInfo::name, FileInfo::type, FileInfo::size, FileInfo::mode, FileInfo::symlinkTarget)
                .containsExactly("file.txt", FileType.FILE, 2L, 0640, null);
        assertThat(file.modifiedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(client.stat(tree.resolve("link").toString()))
                .extracting(FileInfo::type, FileInfo::symlinkTarget).containsExactly(FileType.SYMLINK, "a/file.txt");

        assertThat(client.list(tree.toString(), 1)).extracting(FileInfo::path)
                .containsExactly(tree + "/a", tree + "/link");
        assertThat(client.list(tree.toString(), 2)).extracting(FileInfo::path, FileInfo::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple(tree + "/a", FileType.DIRECTORY),
                org.assertj.core.groups.Tuple.tuple(tree + "/a/b", FileType.DIRECTORY),
                org.assertj.core.groups.Tuple.tuple(tree + "/a/file.txt", FileType.FILE),
                org.assertj.core.groups.Tuple.tuple(tree + "/link", FileType.SYMLINK));

        client.rename(tree.resolve("a/file.txt").toString(), tree.resolve("a/b/moved.txt").toString());
        assertThat(read(tree.resolve("a/b/moved.txt"))).isEqualTo("hi");
        assertThatThrownBy(() -> client.stat(tree.resolve("a/file.txt").toString()))
                .isInstanceOf(AgentNotFoundException.class);

        assertThatThrownBy(() -> client.makeDirectories(tree.resolve("a/b/moved.txt/c").toString()))
                .isInstanceOf(AgentConflictException.class);
        client.remove(tree.resolve("a").toString());
        assertThat(tree.resolve("a")).doesNotExist();
        client.remove(tree.resolve("link").toString());
        assertThat(client.list(tree.toString(), 3)).isEmpty();
    }

    @Test
    void a_symlink_is_created_with_its_parents_refused_when_taken_and_replaced_only_when_asked() throws IOException {
        Path links = root.resolve("links");
        client.symlink("../../outside/target", links.resolve("a/b/link").toString());
        assertThat(Files.readSymbolicLink(links.resolve("a/b/link"))).isEqualTo(Path.of("../../outside/target"));
        assertThat(client.stat(links.resolve("a/b/link").toString()))
                .extracting(FileInfo::type, FileInfo::symlinkTarget)
                .containsExactly(FileType.SYMLINK, "../../outside/target");

        write(links.resolve("file"), "kept", 0644);
        assertThatThrownBy(() -> client.symlink("x", links.resolve("file").toString()))
                .isInstanceOf(AgentConflictException.class).hasMessageContaining(links.resolve("file").toString());
        assertThat(read(links.resolve("file"))).isEqualTo("kept");
        client.symlink("new-target", links.resolve("file").toString(), true);
        assertThat(Files.readSymbolicLink(links.resolve("file"))).isEqualTo(Path.of("new-target"));
        assertThatThrownBy(() -> client.symlink("x", links.resolve("a").toString(), true))
                .as("a directory is never replaced by a link").isInstanceOf(AgentConflictException.class);
        assertThat(links.resolve("a")).isDirectory();
        assertThatThrownBy(() -> client.symlink("", links.resolve("empty").toString()))
                .isInstanceOf(AgentException.class).hasMessageContaining("target");
        assertThat(client.list(links.toString(), 1)).extracting(FileInfo::name).containsExactly("a", "file");
    }

    @Test
    void a_write_replaces_the_whole_file_and_leaves_nothing_beside_it() {
        Path directory = root.resolve("replace");
        write(directory.resolve("config"), "first version, longer", 0644);
        write(directory.resolve("config"), "second", -1);
        assertThat(read(directory.resolve("config"))).isEqualTo("second");
        assertThat(client.stat(directory.resolve("config").toString()).mode()).isEqualTo(0644);
        assertThat(client.list(directory.toString(), 1)).extracting(FileInfo::name).containsExactly("config");
    }

    @Test
    void missing_paths_are_not_found_with_a_sentence() {
        String missing = root.resolve("missing").toString();
        assertThatThrownBy(() -> client.stat(missing)).isInstanceOf(AgentNotFoundException.class)
                .hasMessage("No such file or directory: '" + missing + "'");
        assertThatThrownBy(() -> client.read(missing, new ByteArrayOutputStream()))
                .isInstanceOf(AgentNotFoundException.class);
        assertThatThrownBy(() -> client.list(missing, 1)).isInstanceOf(AgentNotFoundException.class);
        assertThatThrownBy(() -> client.remove(missing)).isInstanceOf(AgentNotFoundException.class);
        assertThatThrownBy(() -> client.rename(missing, missing + "2")).isInstanceOf(AgentNotFoundException.class);
    }

    @Test
    void reading_a_directory_is_a_conflict() {
        assertThatThrownBy(() -> client.read(root.toString(), new ByteArrayOutputStream()))
                .isInstanceOf(AgentConflictException.class).hasMessage("'" + root + "' is a directory.");
        assertThatThrownBy(() -> client.list(root.resolve("missing").toString(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_named_user_writes_with_its_own_permissions_and_ownership() throws IOException {
        Path shared = root.resolve("shared");
        Files.createDirectories(shared);
        Path owned = root.resolve("owned");
        Files.createDirectories(owned);
        Files.setAttribute(owned, "unix:uid", 65534);
        AgentClient nobody = client.withFileUser("65534");

        assertThatThrownBy(() -> nobody.write(shared.resolve("nope").toString(), stream("x"), 0644))
                .isInstanceOf(AgentDeniedException.class).hasMessageStartingWith("Permission denied");
        nobody.write(owned.resolve("mine").toString(), stream("x"), 0644);
        assertThat(Files.getAttribute(owned.resolve("mine"), "unix:uid")).isEqualTo(65534);

        // root replacing the user's file keeps it the user's
        write(owned.resolve("mine"), "y", -1);
        assertThat(Files.getAttribute(owned.resolve("mine"), "unix:uid")).isEqualTo(65534);
    }

    @Test
    void a_watch_sees_creation_writes_and_removal_below_it() {
        Path watched = root.resolve("watched");
        client.makeDirectories(watched.toString());
        List<FileEvent> events = new CopyOnWriteArrayList<>();
        try (FileWatch watch = client.watch(watched.toString(), true, events::add)) {
            write(watched.resolve("new.txt"), "hello", 0644);
            client.makeDirectories(watched.resolve("sub").toString());
            await(events, new FileEvent(FileEvent.Kind.CREATE, watched + "/sub"));
            write(watched.resolve("sub/deep.txt"), "deep", 0644);
            client.remove(watched.resolve("new.txt").toString());
            await(events, new FileEvent(FileEvent.Kind.CREATE, watched + "/sub/deep.txt"));
            await(events, new FileEvent(FileEvent.Kind.REMOVE, watched + "/new.txt"));
            // the write goes to a temporary file that is then renamed into place
            assertThat(events).contains(new FileEvent(FileEvent.Kind.CREATE, watched + "/new.txt"));
            assertThat(watch.isOpen()).isTrue();
            watch.close();
            assertThat(watch.isOpen()).isFalse();
        }
    }

    private static void await(List<FileEvent> events, FileEvent expected) {
        Await.until(TIMEOUT, expected + " among " + events, () -> events.contains(expected));
    }

    private static void write(Path path, String content, int mode) {
        client.write(path.toString(), stream(content), mode);
    }

    private static ByteArrayInputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.read(path.toString(), out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
