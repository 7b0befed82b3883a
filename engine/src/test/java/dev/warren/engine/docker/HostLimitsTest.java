package dev.warren.engine.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostLimitsTest {
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units    \s
            Max processes             96551                96551                processes\s
            Max open files            1024                 20000                files    \s
            """;

    @Test
    void the_hard_limits_are_read_and_nproc_is_capped_for_podman() {
        assertThat(HostLimits.parse(LIMITS)).isEqualTo(new HostLimits(20000, HostLimits.PODMAN_NPROC));
    }

    @Test
    void unlimited_becomes_a_large_finite_value() {
        var limits = HostLimits.parse(LIMITS.replace("20000", "unlimited").replace("96551                96551", "100 200"));
        assertThat(limits.nofile()).isEqualTo(1L << 20);
        assertThat(limits.nproc()).isEqualTo(200);
    }

    @Test
    void this_process_has_limits() {
        assertThat(HostLimits.ofThisProcess().nofile()).isPositive();
    }
}
