package dev.warren.core.rules;

import dev.warren.core.model.EgressPolicy;
import dev.warren.core.model.EgressPolicy.Mode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a space's own egress policy (set by its owner) relates to its template's: it may only narrow it. An override
 * narrows when it allows nothing the template does not: anything narrows {@code allow_all}; {@code deny_all} narrows
 * anything; an allow-list narrows an allow-list when each of its ranges lies inside one of the template's ranges and
 * each of its domains is one of the template's domains (a domain is not "inside" a range: its addresses change).
 * Pure; no lookups (addresses are parsed here).
 */
public final class EgressNarrowing {
    private EgressNarrowing() {}

    /**
     * The first thing {@code override} allows that {@code template} does not, as a phrase for a sentence
     * ({@code "everything"} or {@code "'10.0.0.0/8'"}); empty when it narrows.
     */
    public static Optional<String> widening(EgressPolicy template, EgressPolicy override) {
        if (template.mode() == Mode.ALLOW_ALL || override.mode() == Mode.DENY_ALL) {
            return Optional.empty();
        }
        if (override.mode() == Mode.ALLOW_ALL) {
            return Optional.of("everything");
        }
        if (template.mode() == Mode.DENY_ALL) {
            return Optional.of("'" + first(override) + "'");
        }
        for (String cidr : override.cidrs()) {
            if (!covered(template, cidr)) {
                return Optional.of("'" + cidr + "'");
            }
        }
        for (String domain : override.domains()) {
            if (!listed(template, domain)) {
                return Optional.of("'" + domain + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * The policy in force: the template's, narrowed by {@code override} when there is one. When the template changed
     * since the override was set, entries of the override the template no longer allows are dropped (an allow-list
     * left empty allows nothing), so the result never allows more than the template.
     */
    public static EgressPolicy effective(EgressPolicy template, EgressPolicy override) {
        if (override == null || template.mode() == Mode.DENY_ALL) {
            return template;
        }
        if (template.mode() == Mode.ALLOW_ALL || override.mode() == Mode.DENY_ALL) {
            return override;
        }
        if (override.mode() == Mode.ALLOW_ALL) {
            return template;
        }
        List<String> cidrs = override.cidrs().stream().filter(cidr -> covered(template, cidr)).toList();
        List<String> domains = override.domains().stream().filter(domain -> listed(template, domain)).toList();
        return cidrs.isEmpty() && domains.isEmpty() ? EgressPolicy.DENY_ALL
                : new EgressPolicy(Mode.ALLOW_LIST, cidrs, domains);
    }

    /** Whether range {@code cidr} lies inside one of the policy's ranges. */
    static boolean covered(EgressPolicy policy, String cidr) {
        Range inner = Range.parse(cidr);
        for (String candidate : policy.cidrs()) {
            if (Range.parse(candidate).contains(inner)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listed(EgressPolicy policy, String domain) {
        String wanted = domain.toLowerCase(Locale.ROOT);
        return policy.domains().stream().anyMatch(each -> each.toLowerCase(Locale.ROOT).equals(wanted));
    }

    private static String first(EgressPolicy policy) {
        List<String> all = new ArrayList<>(policy.cidrs());
        all.addAll(policy.domains());
        return all.isEmpty() ? "an empty list" : all.getFirst();
    }

    /** An address range: the address as a number, its family's width and the prefix length. */
    private record Range(BigInteger network, int bits, int prefix) {
        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            String address = slash < 0 ? cidr : cidr.substring(0, slash);
            boolean ipv6 = address.contains(":");
            int bits = ipv6 ? 128 : 32;
            int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            BigInteger value = ipv6 ? ipv6(address) : ipv4(address);
            return new Range(mask(value, bits, prefix), bits, prefix);
        }

        boolean contains(Range other) {
            return bits == other.bits && prefix <= other.prefix && mask(other.network, bits, prefix).equals(network);
        }

        private static BigInteger mask(BigInteger value, int bits, int prefix) {
            return value.shiftRight(bits - prefix).shiftLeft(bits - prefix);
        }

        /** A dotted quad (already checked by the spec parser) as a number. */
        private static BigInteger ipv4(String address) {
            long value = 0;
            for (String part : address.split("\\.")) {
                value = (value << 8) | Integer.parseInt(part);
            }
            return BigInteger.valueOf(value);
        }

        /** An IPv6 literal (already checked by the spec parser), with {@code ::} and a trailing dotted quad. */
        private static BigInteger ipv6(String address) {
            List<Integer> groups = new ArrayList<>();
            int gap = -1;
            String[] halves = address.split("::", -1);
            for (int half = 0; half < halves.length; half++) {
                if (half == 1) {
                    gap = groups.size();
                }
                if (halves[half].isEmpty()) {
                    continue;
                }
                for (String group : halves[half].split(":")) {
                    if (group.contains(".")) {
                        long quad = ipv4(group).longValue();
                        groups.add((int) (quad >>> 16));
                        groups.add((int) (quad & 0xffff));
                    } else {
                        groups.add(Integer.parseInt(group, 16));
                    }
                }
            }
            if (gap >= 0) {
                int missing = 8 - groups.size();
                for (int i = 0; i < missing; i++) {
                    groups.add(gap, 0);
                }
            }
            BigInteger value = BigInteger.ZERO;
            for (int group : groups) {
                value = value.shiftLeft(16).or(BigInteger.valueOf(group));
            }
            return value;
        }
    }
}
