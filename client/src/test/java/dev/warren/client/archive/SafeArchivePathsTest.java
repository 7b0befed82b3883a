package dev.warren.client.archive;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive safety rules, member by member and through whole tar streams. */
class SafeArchivePathsTest {
    private final SafeArchivePaths rules = new SafeArchivePaths("/workspace/out");

    @Test
    void relative_members_are_normalised_and_the_root_entry_is_empty() {
        assertThat(rules.member("./a//b/")).isEqualTo("a/b");
        assertThat(rules.member("a/./c.txt")).isEqualTo("a/c.txt");
        assertThat(rules.member("./")).isEmpty();
        assertThat(rules.member(".hidden/x")).isEqualTo(".hidden/x");
    }

    @Test
    void absolute_members_and_dot_dot_components_are_refused_with_the_members_name() {
        assertThatThrownBy(() -> rules.member("/etc/passwd")).isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("'/etc/passwd'").hasMessageContaining("absolute");
        assertThatThrownBy(() -> rules.member("a/../../x")).isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> rules.member("..")).isInstanceOf(ArchiveRefusedException.class);
        assertThatThrownBy(() -> rules.member("a/b/..")).isInstanceOf(ArchiveRefusedException.class);
    }

    @Test
    void over_long_paths_and_names_and_nul_bytes_are_refused() {
        assertThatThrownBy(() -> rules.member("a/".repeat(2100))).isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("4096");
        assertThatThrownBy(() -> rules.member("x".repeat(256))).isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("255");
        assertThatThrownBy(() -> rules.member("a\0b")).isInstanceOf(ArchiveRefusedException.class);
    }

    @Test
    void links_inside_the_destination_are_accepted_relative_or_absolute() {
        rules.link(rules.member("bin/tool"), "../lib/tool.sh");
        rules.link(rules.member("a/b/c"), "../../x");
        rules.link(rules.member("top"), ".");
        rules.link(rules.member("abs"), "/workspace/out/lib/tool.sh");
        rules.link(rules.member("dangling"), "does/not/exist");
        rules.verifyLinks();
        assertThat(rules.linkCount()).isEqualTo(5);
    }

    @Test
    void links_leading_outside_are_refused() {
        assertThatThrownBy(() -> rules.link(rules.member("up"), "..")).isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("'up'").hasMessageContaining("outside the destination");
        assertThatThrownBy(() -> rules.link(rules.member("a/b"), "../../etc")).isInstanceOf(
                ArchiveRefusedException.class);
        assertThatThrownBy(() -> rules.link(rules.member("passwd"), "/etc/passwd"))
                .isInstanceOf(ArchiveRefusedException.class);
        assertThatThrownBy(() -> rules.link(rules.member("sibling"), "/workspace/outside"))
                .as("a sibling sharing the prefix is not inside").isInstanceOf(ArchiveRefusedException.class);
        assertThatThrownBy(() -> rules.link(rules.member("sneaky"), "/workspace/out/../x"))
                .isInstanceOf(ArchiveRefusedException.class);
        assertThat(rules.linkCount()).isZero();
    }

    @Test
    void a_link_that_escapes_through_another_link_of_the_archive_is_refused() {
        rules.link(rules.member("here"), ".");
        // lexically "here/.." is the destination; through the link it is its parent
        assertThatThrownBy(() -> rules.link(rules.member("escape"), "here/.."))
                .isInstanceOf(ArchiveRefusedException.class);
    }

    @Test
    void a_link_made_harmful_by_a_later_link_is_caught_by_the_final_check() {
        rules.link(rules.member("early"), "later/..");
        rules.link(rules.member("later"), ".");
        assertThatThrownBy(rules::verifyLinks).isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("'early'");
    }

    @Test
    void link_loops_are_refused() {
        rules.link(rules.member("a"), "b");
        rules.link(rules.member("b"), "a/x");
        assertThatThrownBy(rules::verifyLinks).isInstanceOf(ArchiveRefusedException.class);
    }

    @Test
    void a_member_under_a_link_of_the_same_archive_or_at_its_path_is_refused() {
        rules.link(rules.member("lib"), "real");
        assertThatThrownBy(() -> rules.member("lib/evil.so")).isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("lies under 'lib'");
        assertThatThrownBy(() -> rules.member("lib")).isInstanceOf(ArchiveRefusedException.class);
        assertThat(rules.member("real/fine.so")).isEqualTo("real/fine.so");
    }

    @Test
    void a_whole_archive_reaches_the_sink_in_order_with_modes_and_counts() {
        byte[] tar = new TestTars().directory("./").directory("src").file("src/main.c", "int main;", 0600)
                .directory(".git/objects").symlink("link", "src/main.c").file("empty", "").bytes();
        Recording sink = new Recording();
        ArchiveCounts counts = TarExtraction.extract(new ByteArrayInputStream(tar), rules, sink);
        assertThat(sink.calls).containsExactly("dir src 755", "file src/main.c 600 int main;",
                "dir .git/objects 755", "link link -> src/main.c", "file empty 644 ");
        assertThat(counts).isEqualTo(new ArchiveCounts(2, 2, 1, 9));
    }

    @Test
    void hard_links_devices_and_fifos_are_refused_before_anything_of_theirs_is_written() {
        for (byte[] tar : List.of(new TestTars().file("ok", "x").hardLink("hard", "ok").bytes(),
                new TestTars().file("ok", "x").device("null").bytes(),
                new TestTars().file("ok", "x").fifo("pipe").bytes())) {
            Recording sink = new Recording();
            assertThatThrownBy(() -> TarExtraction.extract(new ByteArrayInputStream(tar),
                    new SafeArchivePaths("/d"), sink)).isInstanceOf(ArchiveRefusedException.class)
                    .hasMessageContaining("only files, directories and symbolic links");
            assertThat(sink.calls).containsExactly("file ok 644 x");
        }
    }

    @Test
    void a_file_through_an_escaping_link_never_reaches_the_sink() {
        byte[] tar = new TestTars().symlink("out", "../..").file("out/pwned", "x").bytes();
        Recording sink = new Recording();
        assertThatThrownBy(() -> TarExtraction.extract(new ByteArrayInputStream(tar), rules, sink))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("'out'");
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void a_stream_that_is_not_a_tar_or_ends_early_is_refused_with_a_sentence() {
        byte[] garbage = "this is not a tar archive at all, but long enough to look at".repeat(20)
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TarExtraction.extract(new ByteArrayInputStream(garbage), rules, new Recording()))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageStartingWith("The body is not");
        byte[] whole = new TestTars().file("big", "y".repeat(5000)).bytes();
        byte[] cut = java.util.Arrays.copyOf(whole, 2048);
        assertThatThrownBy(() -> TarExtraction.extract(new ByteArrayInputStream(cut), rules, new Recording()))
                .isInstanceOf(ArchiveRefusedException.class);
    }

    @Test
    void an_empty_stream_is_an_empty_archive() {
        assertThat(TarExtraction.extract(new ByteArrayInputStream(new byte[0]), rules, new Recording()))
                .isEqualTo(new ArchiveCounts(0, 0, 0, 0));
    }

    /** Records the calls it gets, reading file content whole. */
    private static final class Recording implements ArchiveSink {
        final List<String> calls = new ArrayList<>();

        @Override
        public void directory(String path, int mode, Instant modified) {
            calls.add("dir " + path + " " + Integer.toOctalString(mode));
        }

        @Override
        public void file(String path, int mode, Instant modified, InputStream content, long size) {
            try {
                calls.add("file " + path + " " + Integer.toOctalString(mode) + " "
                        + new String(content.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void symlink(String path, String target, Instant modified) {
            calls.add("link " + path + " -> " + target);
        }
    }
}
