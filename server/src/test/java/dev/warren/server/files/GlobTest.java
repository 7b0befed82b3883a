package dev.warren.server.files;

import dev.warren.core.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Glob matching for file search: whole relative paths, names never crossed but by {@code **}. */
class GlobTest {

    private static boolean matches(String glob, String path) {
        return Glob.compile(glob).matches(path);
    }

    @Test
    void a_star_stays_within_one_name() {
        assertThat(matches("*.java", "Main.java")).isTrue();
        assertThat(matches("*.java", "src/Main.java")).isFalse();
        assertThat(matches("src/*.java", "src/Main.java")).isTrue();
        assertThat(matches("*", ".hidden")).as("dot-files match like others").isTrue();
        assertThat(matches("*.java", "Main.javax")).isFalse();
    }

    @Test
    void a_double_star_spans_any_number_of_whole_names_including_none() {
        assertThat(matches("**/*.java", "Main.java")).isTrue();
        assertThat(matches("**/*.java", "a/b/c/Main.java")).isTrue();
        assertThat(matches("src/**/test", "src/test")).isTrue();
        assertThat(matches("src/**/test", "src/a/b/test")).isTrue();
        assertThat(matches("src/**", "src/a/b")).isTrue();
        assertThat(matches("src/**", "srcx/a")).isFalse();
        assertThat(matches("**", "anything/at/all")).isTrue();
        assertThat(matches("a**b", "a/b")).as("** inside a name is a plain *").isFalse();
        assertThat(matches("a**b", "axyb")).isTrue();
    }

    @Test
    void question_marks_and_sets_match_one_character_never_a_slash() {
        assertThat(matches("?.txt", "a.txt")).isTrue();
        assertThat(matches("?.txt", "ab.txt")).isFalse();
        assertThat(matches("a?b", "a/b")).isFalse();
        assertThat(matches("[abc].txt", "b.txt")).isTrue();
        assertThat(matches("[a-c].txt", "d.txt")).isFalse();
        assertThat(matches("[!a-c].txt", "d.txt")).isTrue();
        assertThat(matches("[^a-c].txt", "a.txt")).isFalse();
        assertThat(matches("[!x]", "/")).isFalse();
        assertThat(matches("[]x]", "]")).isTrue();
        assertThat(matches("[a-]", "-")).isTrue();
    }

    @Test
    void regex_characters_are_literal_and_backslash_escapes() {
        assertThat(matches("a+b(c).txt", "a+b(c).txt")).isTrue();
        assertThat(matches("a.b", "axb")).isFalse();
        assertThat(matches("\\*.txt", "*.txt")).isTrue();
        assertThat(matches("\\*.txt", "a.txt")).isFalse();
    }

    @Test
    void the_depth_of_a_glob_without_double_star_is_known() {
        assertThat(Glob.compile("*.java").fixedDepth()).isEqualTo(1);
        assertThat(Glob.compile("a/*/c").fixedDepth()).isEqualTo(3);
        assertThat(Glob.compile("**/c").fixedDepth()).isEqualTo(-1);
    }

    @Test
    void empty_absolute_unclosed_and_over_long_globs_are_refused_naming_glob() {
        for (String bad : new String[] {"", " ", "/etc/*", "[abc", "a\\", "x".repeat(1025), "[a/b]"}) {
            assertThatThrownBy(() -> Glob.compile(bad)).as(bad).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.errors()).allSatisfy(error -> assertThat(error.field()).isEqualTo("glob")));
        }
        assertThatThrownBy(() -> Glob.compile(null)).isInstanceOf(ValidationException.class);
    }
}
