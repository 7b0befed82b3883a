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
    void every_error_is_reported_together() {
        Validator validator = new Validator().name("name", "Bad").email("email", "x").port("port", 0)
                .url("icon_url", "javascript:alert(1)");
        assertThatThrownBy(validator::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class,
                error -> assertThat(error.errors()).extracting(e -> e.field())
                        .containsExactly("name", "email", "port", "icon_url"));
    }
}
