package dev.warren.server;

import dev.warren.core.spec.ResourceLimits;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpaceLimitSettingsTest {
    private static BiFunction<String, String, String> settings(Map<String, String> values) {
        return (name, fallback) -> values.getOrDefault(name, fallback);
    }

    @Test
    void the_defaults_are_1024_processes_2_gib_2_cpus_and_8192_open_files_within_the_host() {
        ResourceLimits defaults = SpaceLimitSettings.defaults(settings(Map.of("WARREN_MAX_CPUS", "8",
                "WARREN_MAX_MEMORY", "64g")));
        assertThat(defaults).isEqualTo(new ResourceLimits(2L << 30, 2_000_000_000L, 1024, 8192));
    }

    @Test
    void a_built_in_default_above_a_maximum_is_lowered_to_it() {
        ResourceLimits defaults = SpaceLimitSettings.defaults(settings(Map.of("WARREN_MAX_CPUS", "1",
                "WARREN_MAX_MEMORY", "1g", "WARREN_MAX_PIDS", "100")));
        assertThat(defaults).isEqualTo(new ResourceLimits(1L << 30, 1_000_000_000L, 100, 8192));
    }

    @Test
    void zero_means_none_and_configured_values_are_taken_exactly() {
        ResourceLimits defaults = SpaceLimitSettings.defaults(settings(Map.of("WARREN_DEFAULT_MEMORY", "0",
                "WARREN_DEFAULT_CPUS", "0.5", "WARREN_DEFAULT_PIDS", "256", "WARREN_DEFAULT_NOFILE", "0",
                "WARREN_MAX_MEMORY", "0", "WARREN_MAX_NOFILE", "0")));
        assertThat(defaults).isEqualTo(new ResourceLimits(0, 500_000_000L, 256, 0));
    }

    @Test
    void a_configured_default_above_its_maximum_or_a_malformed_value_stops_the_server_with_a_sentence() {
        assertThatThrownBy(() -> SpaceLimitSettings.defaults(settings(Map.of("WARREN_DEFAULT_PIDS", "5000",
                "WARREN_MAX_PIDS", "4096")))).hasMessageContaining("WARREN_DEFAULT_PIDS is above WARREN_MAX_PIDS");
        assertThatThrownBy(() -> SpaceLimitSettings.maxima(settings(Map.of("WARREN_MAX_MEMORY", "lots"))))
                .hasMessageContaining("WARREN_MAX_MEMORY");
        assertThatThrownBy(() -> SpaceLimitSettings.maxima(settings(Map.of("WARREN_MAX_MEMORY",
                "99999999999999999999g")))).hasMessageContaining("too large");
        assertThatThrownBy(() -> SpaceLimitSettings.defaults(settings(Map.of("WARREN_DEFAULT_CPUS", "1e-12"))))
                .hasMessageContaining("0.01");
        assertThatThrownBy(() -> SpaceLimitSettings.defaults(settings(Map.of("WARREN_DEFAULT_PIDS", "-1"))))
                .hasMessageContaining("WARREN_DEFAULT_PIDS");
    }
}
