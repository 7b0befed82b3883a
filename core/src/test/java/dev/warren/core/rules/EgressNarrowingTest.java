package dev.warren.core.rules;

import dev.warren.core.model.EgressPolicy;
import dev.warren.core.model.EgressPolicy.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EgressNarrowingTest {
    private static final EgressPolicy LIST = new EgressPolicy(Mode.ALLOW_LIST,
            List.of("10.1.0.0/16", "192.0.2.7", "2001:db8::/32"), List.of("pypi.org"));

    private static EgressPolicy list(List<String> cidrs, List<String> domains) {
        return new EgressPolicy(Mode.ALLOW_LIST, cidrs, domains);
    }

    @Test
    void anything_narrows_allow_all_and_deny_all_narrows_anything() {
        assertThat(EgressNarrowing.widening(EgressPolicy.ALLOW_ALL, LIST)).isEmpty();
        assertThat(EgressNarrowing.widening(EgressPolicy.ALLOW_ALL, EgressPolicy.ALLOW_ALL)).isEmpty();
        assertThat(EgressNarrowing.widening(LIST, EgressPolicy.DENY_ALL)).isEmpty();
        assertThat(EgressNarrowing.widening(EgressPolicy.DENY_ALL, EgressPolicy.DENY_ALL)).isEmpty();
    }

    @Test
    void allow_all_and_any_list_widen_a_narrower_template() {
        assertThat(EgressNarrowing.widening(LIST, EgressPolicy.ALLOW_ALL)).contains("everything");
        assertThat(EgressNarrowing.widening(EgressPolicy.DENY_ALL, list(List.of("10.1.2.3"), List.of())))
                .contains("'10.1.2.3'");
    }

    @Test
    void a_list_narrows_a_list_when_its_ranges_lie_inside_and_its_domains_are_listed() {
        assertThat(EgressNarrowing.widening(LIST, list(List.of("10.1.2.0/24", "10.1.255.255", "192.0.2.7/32",
                "2001:db8:0:1::/64"), List.of("PyPI.org")))).isEmpty();
        assertThat(EgressNarrowing.widening(LIST, list(List.of("10.0.0.0/8"), List.of()))).contains("'10.0.0.0/8'");
        assertThat(EgressNarrowing.widening(LIST, list(List.of("10.2.0.1"), List.of()))).contains("'10.2.0.1'");
        assertThat(EgressNarrowing.widening(LIST, list(List.of("192.0.2.0/24"), List.of())))
                .contains("'192.0.2.0/24'");
        assertThat(EgressNarrowing.widening(LIST, list(List.of("2001:db9::1"), List.of())))
                .contains("'2001:db9::1'");
        assertThat(EgressNarrowing.widening(LIST, list(List.of("::ffff:10.1.0.1"), List.of())))
                .as("an IPv6 form is not inside an IPv4 range").isPresent();
        assertThat(EgressNarrowing.widening(LIST, list(List.of(), List.of("files.pypi.org"))))
                .as("a domain is listed or not: subdomains are other names").contains("'files.pypi.org'");
    }

    @Test
    void the_effective_policy_never_allows_more_than_the_template() {
        assertThat(EgressNarrowing.effective(LIST, null)).isEqualTo(LIST);
        assertThat(EgressNarrowing.effective(EgressPolicy.ALLOW_ALL, LIST)).isEqualTo(LIST);
        assertThat(EgressNarrowing.effective(LIST, EgressPolicy.ALLOW_ALL)).isEqualTo(LIST);
        assertThat(EgressNarrowing.effective(EgressPolicy.DENY_ALL, LIST)).isEqualTo(EgressPolicy.DENY_ALL);
        assertThat(EgressNarrowing.effective(LIST, list(List.of("10.1.3.0/24", "10.9.0.0/16"), List.of("pypi.org",
                "example.org")))).as("entries the template dropped since are dropped too")
                .isEqualTo(list(List.of("10.1.3.0/24"), List.of("pypi.org")));
        assertThat(EgressNarrowing.effective(LIST, list(List.of("10.9.0.0/16"), List.of())))
                .isEqualTo(EgressPolicy.DENY_ALL);
    }
}
