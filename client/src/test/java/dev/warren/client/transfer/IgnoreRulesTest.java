package dev.warren.client.transfer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** gitignore semantics of directory uploads, and the reproducible tar they rely on to resume. */
class IgnoreRulesTest {
    @TempDir
    Path root;

    private static boolean ignored(List<String> patterns, String path, boolean directory) {
        return IgnoreRules.of(patterns).ignores(path, directory);
    }

    @Test
    void a_pattern_without_a_slash_matches_at_any_depth_and_with_one_only_from_the_root() {
        assertThat(ignored(List.of("*.log"), "a/b/debug.log", false)).isTrue();
        assertThat(ignored(List.of("/debug.log"), "a/debug.log", false)).isFalse();
        assertThat(ignored(List.of("/debug.log"), "debug.log", false)).isTrue();
        assertThat(ignored(List.of("doc/*.txt"), "doc/a.txt", false)).isTrue();
        assertThat(ignored(List.of("doc/*.txt"), "x/doc/a.txt", false)).isFalse();
        assertThat(ignored(List.of("doc/*.txt"), "doc/sub/a.txt", false)).as("* stops at /").isFalse();
    }

    @Test
    void double_stars_question_marks_classes_and_directory_only_patterns() {
        assertThat(ignored(List.of("**/build"), "a/b/build", true)).isTrue();
        assertThat(ignored(List.of("a/**/z"), "a/z", false)).isTrue();
        assertThat(ignored(List.of("a/**/z"), "a/b/c/z", false)).isTrue();
        assertThat(ignored(List.of("out/**"), "out/x/y", false)).isTrue();
        assertThat(ignored(List.of("out/**"), "out", true)).isFalse();
        assertThat(ignored(List.of("file?.txt"), "file1.txt", false)).isTrue();
        assertThat(ignored(List.of("file?.txt"), "file10.txt", false)).isFalse();
        assertThat(ignored(List.of("[ab].c"), "b.c", false)).isTrue();
        assertThat(ignored(List.of("[!ab].c"), "b.c", false)).isFalse();
        assertThat(ignored(List.of("cache/"), "cache", true)).isTrue();
        assertThat(ignored(List.of("cache/"), "cache", false)).as("trailing / means directories only").isFalse();
    }

    @Test
    void later_patterns_win_negation_includes_again_and_comments_are_skipped() {
        List<String> rules = List.of("# comment", "", "*.log", "!keep.log", "\\#literal");
        assertThat(ignored(rules, "debug.log", false)).isTrue();
        assertThat(ignored(rules, "keep.log", false)).isFalse();
        assertThat(ignored(rules, "#literal", false)).isTrue();
        assertThat(ignored(List.of("!keep.log", "*.log"), "keep.log", false)).as("order matters").isTrue();
        assertThat(ignored(List.of(), ".git", true)).as("nothing is excluded implicitly").isFalse();
    }

    @Test
    void the_ignore_file_applies_first_and_explicit_patterns_after_it() throws Exception {
        Files.writeString(root.resolve(".warrenignore"), "*.tmp\n");
        IgnoreRules rules = IgnoreRules.forDirectory(root, List.of("!keep.tmp"));
        assertThat(rules.ignores("x.tmp", false)).isTrue();
        assertThat(rules.ignores("keep.tmp", false)).isFalse();
        assertThat(rules.patterns()).containsExactly("*.tmp", "!keep.tmp");
    }

    @Test
    void the_tar_of_an_unchanged_directory_is_the_same_bytes_and_an_ignored_directory_is_not_entered()
            throws Exception {
        Files.createDirectories(root.resolve("b/skip"));
        Files.writeString(root.resolve("b/skip/inside.txt"), "never sent");
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve(".hidden/x"), "x");
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.fromMillis(1_700_000_000_123L));
        IgnoreRules rules = IgnoreRules.of(List.of("skip/", "!skip/inside.txt"));
        DirectoryArchive first = DirectoryArchive.scan(root, rules);
        assertThat(first.entries().stream().map(DirectoryArchive.Entry::path).toList())
                .containsExactly(".hidden", ".hidden/x", "a.txt", "b", "link");
        assertThat(first.symlinkCount()).isEqualTo(1);
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        first.writeTo(one);
        DirectoryArchive.scan(root, rules).writeTo(two);
        assertThat(one.toByteArray()).isEqualTo(two.toByteArray());
        Files.writeString(root.resolve("a.txt"), "changed");
        ByteArrayOutputStream three = new ByteArrayOutputStream();
        DirectoryArchive.scan(root, rules).writeTo(three);
        assertThat(three.toByteArray()).isNotEqualTo(one.toByteArray());
    }
}
