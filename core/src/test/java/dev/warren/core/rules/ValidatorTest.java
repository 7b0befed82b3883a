package dev.warren.core.rules;

import dev.warren.core.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatorTest {
    @Test
    void names_are_dns_labels_of_1_to_63_characters() {
        assertThat(Validator.NAME.matcher("a").matches()).isTrue();
        assertThat(Validator.NAME.matcher("my-space-2").matches()).isTrue();
        assertThat(Validator.NAME.matcher("a".repeat(63)).matches()).isTrue();
        assertThat(Validator.NAME.matcher("a".repeat(64)).matches()).isFalse();
        assertThat(Validator.NAME.matcher("-a").matches()).isFalse();
        assertThat(Validator.NAME.matcher("A").matches()).isFalse();
        assertThat(Validator.NAME.matcher("a_b").matches()).isFalse();
    }

    @Test
    void names_start_with_a_letter_so_none_looks_like_a_number() {
        assertThat(Validator.NAME.matcher("123").matches()).isFalse();
        assertThat(Validator.NAME.matcher("1a").matches()).isFalse();
        assertThat(Validator.NAME.matcher("a1").matches()).isTrue();
    }

    @Test
    void text_refuses_control_characters_and_bidi_overrides_and_lines_refuse_line_breaks() {
        assertThatThrownBy(() -> new Validator().text("description", "evil\u202Etxt.exe", 100).throwIfInvalid())
                .hasMessageContaining("bidirectional override");
        assertThatThrownBy(() -> new Validator().text("description", "a\u0000b", 100).throwIfInvalid())
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> new Validator().text("description", "\u001B[31mred", 100).throwIfInvalid())
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> new Validator().line("name", "two\nlines", 100).throwIfInvalid())
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> new Validator().line("name", "isolate\u2067x", 100).throwIfInvalid())
                .hasMessageContaining("'name'");
        new Validator().text("description", "two\nlines\tand tabs, émoji 🙂", 100).line("name", "laptop", 100)
                .throwIfInvalid();
    }

    @Test
    void every_error_is_reported_together() {
        Validator validator = new Validator().name("name", "Bad").email("email", "x").port("port", 0)
                .url("icon_url", "javascript:alert(1)");
        assertThatThrownBy(validator::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class,
                error -> assertThat(error.errors()).extracting(e -> e.field())
                        .containsExactly("name", "email", "port", "icon_url"));
    }
}
