package dev.warren.runtime.docker;

import dev.warren.core.model.EgressPolicy;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EgressRulesetTest {
    private static final HostNetworks HOST = new HostNetworks(
            List.of("172.18.0.0/16", "192.0.2.2/32", "169.254.0.0/16"), List.of("fe80::/10"),
            List.of("192.0.2.53/32"), List.of());

    private static List<String> rules(String table) {
        return table.lines().filter(line -> line.startsWith("-A ")).map(line -> line.substring(
                ("-A " + EgressRuleset.CHAIN + " ").length())).toList();
    }

    @Test
    void loopback_established_and_forwards_pass_before_anything_is_refused() {
        for (EgressPolicy policy : List.of(EgressPolicy.ALLOW_ALL, EgressPolicy.DENY_ALL)) {
            List<String> rules = rules(EgressRuleset.of(policy, Map.of(), HOST).ipv4());
            assertThat(rules.subList(0, 3)).containsExactly("-o lo -j ACCEPT",
                    "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-m conntrack --ctstate DNAT -j ACCEPT");
        }
    }

    @Test
    void allow_all_still_refuses_the_host_and_engine_networks_first() {
        EgressRuleset rules = EgressRuleset.of(EgressPolicy.ALLOW_ALL, Map.of(), HOST);
        assertThat(rules(rules.ipv4())).containsSequence(
                "-d 192.0.2.53/32 -p udp -m udp --dport 53 -j ACCEPT",
                "-d 192.0.2.53/32 -p tcp -m tcp --dport 53 -j ACCEPT",
                "-d 172.18.0.0/16 -j REJECT --reject-with icmp-admin-prohibited",
                "-d 192.0.2.2/32 -j REJECT --reject-with icmp-admin-prohibited",
                "-d 169.254.0.0/16 -j REJECT --reject-with icmp-admin-prohibited",
                "-j ACCEPT");
        assertThat(rules.ipv4()).startsWith("*filter\n:" + EgressRuleset.CHAIN + " - [0:0]\n").endsWith("COMMIT\n");
        assertThat(rules(rules.ipv6())).endsWith("-d fe80::/10 -j REJECT --reject-with icmp6-adm-prohibited",
                "-j ACCEPT");
    }

    @Test
    void deny_all_has_no_dns_and_ends_refusing() {
        List<String> rules = rules(EgressRuleset.of(EgressPolicy.DENY_ALL, Map.of(), HOST).ipv4());
        assertThat(rules).noneMatch(rule -> rule.contains("--dport 53"));
        assertThat(rules.getLast()).isEqualTo("-j REJECT --reject-with icmp-admin-prohibited");
    }

    @Test
    void an_allow_list_accepts_its_ranges_and_resolved_domains_after_the_refusals() {
        EgressPolicy policy = new EgressPolicy(EgressPolicy.Mode.ALLOW_LIST, List.of("198.18.0.0/15", "2001:db8::/32"),
                List.of("pypi.org", "gone.example"));
        EgressRuleset rules = EgressRuleset.of(policy, Map.of("pypi.org", List.of(
                InetAddress.ofLiteral("151.101.0.223"), InetAddress.ofLiteral("2a04:4e42::223"))), HOST);
        assertThat(rules(rules.ipv4())).endsWith("-d 169.254.0.0/16 -j REJECT --reject-with icmp-admin-prohibited",
                "-d 198.18.0.0/15 -j ACCEPT", "-d 151.101.0.223/32 -j ACCEPT",
                "-j REJECT --reject-with icmp-admin-prohibited");
        assertThat(rules(rules.ipv6())).endsWith("-d 2001:db8::/32 -j ACCEPT", "-d 2a04:4e42:0:0:0:0:0:223/128 -j ACCEPT",
                "-j REJECT --reject-with icmp6-adm-prohibited");
    }

    @Test
    void a_host_network_is_named_by_its_first_address() {
        assertThat(HostNetworks.network(InetAddress.ofLiteral("172.18.3.1"), 16)).isEqualTo("172.18.0.0/16");
        assertThat(HostNetworks.network(InetAddress.ofLiteral("10.89.1.1"), 24)).isEqualTo("10.89.1.0/24");
    }
}
