package dev.warren.runtime.docker;

import dev.warren.core.model.EgressPolicy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filter rules of one space's network namespace, as {@code iptables-restore} / {@code ip6tables-restore} input
 * that replaces the chain {@value #CHAIN} (jumped to first from {@code OUTPUT}) in one atomic step. In order:
 * <ol>
 *   <li>loopback is free (the in-space API bridge, the space's own services, the engine's DNS at 127.0.0.11);</li>
 *   <li>packets of connections already accepted, and their ICMP errors, pass;</li>
 *   <li>connections a port forward's DNAT rule rewrote pass: that is how spaces reach each other (a space has no
 *       CAP_NET_ADMIN, so only warren writes DNAT rules in its namespace);</li>
 *   <li>DNS (53/udp, 53/tcp) to the host's resolvers, unless the policy denies everything;</li>
 *   <li>never: the host's own addresses, every engine network and host bridge (other spaces, the space's own
 *       gateway), link-local (cloud metadata), multicast and broadcast;</li>
 *   <li>the policy: accept anything else ({@code ALLOW_ALL}), only the listed ranges and the addresses the listed
 *       domains resolve to ({@code ALLOW_LIST}), or nothing ({@code DENY_ALL}).</li>
 * </ol>
 * Refused connections get an ICMP "administratively prohibited" answer, so a program fails at once instead of
 * waiting for a timeout. IPv6 follows the same order; engine networks are IPv4-only, so outside IPv6 is only
 * reachable where the host routes it. Pure: built from its inputs, no I/O.
 *
 * @param ipv4 input for {@code iptables-restore --noflush}
 * @param ipv6 input for {@code ip6tables-restore --noflush}
 */
record EgressRuleset(String ipv4, String ipv6) {
    static final String CHAIN = "WARREN-EGRESS";
    private static final String REJECT4 = "-j REJECT --reject-with icmp-admin-prohibited";
    private static final String REJECT6 = "-j REJECT --reject-with icmp6-adm-prohibited";

    /**
     * @param policy   what the space may reach outside
     * @param resolved the addresses each of the policy's domains resolves to now (missing: none)
     * @param host     the addresses no space may reach, and the resolvers
     */
    static EgressRuleset of(EgressPolicy policy, Map<String, List<InetAddress>> resolved, HostNetworks host) {
        boolean dns = policy.mode() != EgressPolicy.Mode.DENY_ALL;
        List<String> allowed4 = new ArrayList<>();
        List<String> allowed6 = new ArrayList<>();
        if (policy.mode() == EgressPolicy.Mode.ALLOW_LIST) {
            for (String cidr : policy.cidrs()) {
                (cidr.contains(":") ? allowed6 : allowed4).add(cidr);
            }
            for (String domain : policy.domains()) {
                for (InetAddress address : resolved.getOrDefault(domain, List.of())) {
                    if (address instanceof Inet4Address) {
                        allowed4.add(address.getHostAddress() + "/32");
                    } else if (address instanceof Inet6Address) {
                        allowed6.add(stripScope(address.getHostAddress()) + "/128");
                    }
                }
            }
        }
        return new EgressRuleset(
                table(policy.mode(), dns ? host.resolvers4() : List.of(), host.blocked4(), allowed4, REJECT4),
                table(policy.mode(), dns ? host.resolvers6() : List.of(), host.blocked6(), allowed6, REJECT6));
    }

    private static String table(EgressPolicy.Mode mode, List<String> resolvers, List<String> blocked,
            List<String> allowed, String reject) {
        StringBuilder out = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
        rule(out, "-o lo -j ACCEPT");
        rule(out, "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        rule(out, "-m conntrack --ctstate DNAT -j ACCEPT");
        for (String resolver : unique(resolvers)) {
            rule(out, "-d " + resolver + " -p udp -m udp --dport 53 -j ACCEPT");
            rule(out, "-d " + resolver + " -p tcp -m tcp --dport 53 -j ACCEPT");
        }
        for (String range : unique(blocked)) {
            rule(out, "-d " + range + " " + reject);
        }
        switch (mode) {
            case ALLOW_ALL -> rule(out, "-j ACCEPT");
            case ALLOW_LIST -> {
                for (String range : unique(allowed)) {
                    rule(out, "-d " + range + " -j ACCEPT");
                }
                rule(out, reject);
            }
            case DENY_ALL -> rule(out, reject);
        }
        return out.append("COMMIT\n").toString();
    }

    private static void rule(StringBuilder out, String rule) {
        out.append("-A ").append(CHAIN).append(' ').append(rule).append('\n');
    }

    private static Set<String> unique(List<String> values) {
        return new LinkedHashSet<>(values);
    }

    private static String stripScope(String address) {
        int percent = address.indexOf('%');
        return percent < 0 ? address : address.substring(0, percent);
    }
}
