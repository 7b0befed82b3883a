package dev.warren.engine.docker;

import dev.warren.engine.Labels;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabelFilterTest {
    @Test
    void the_filter_always_asks_for_the_managed_label() {
        assertThat(LabelFilter.of(Map.of("a", "1"))).containsExactlyInAnyOrder("a=1", Labels.MANAGED + "=true");
    }

    @Test
    void an_object_without_the_managed_label_never_matches() {
        assertThat(LabelFilter.matches(Map.of("a", "1"), Map.of("a", "1"))).isFalse();
        assertThat(LabelFilter.matches(Map.of("a", "1", Labels.MANAGED, "true"), Map.of("a", "1"))).isTrue();
        assertThat(LabelFilter.matches(null, Map.of())).isFalse();
    }
}
