package dev.warren.core.model;

import java.util.List;

/**
 * Where a space may open connections to outside warren: anywhere ({@code ALLOW_ALL}, the default), nowhere
 * ({@code DENY_ALL}), or only to the listed CIDR ranges and domain names ({@code ALLOW_LIST}; domains are resolved and
 * re-resolved as DNS changes). Other spaces, the host and the engine are never reachable, whatever the policy.
 *
 * @param mode    which of the three
 * @param cidrs   for {@code ALLOW_LIST}: IPv4/IPv6 ranges such as {@code 10.1.0.0/16} or single addresses
 * @param domains for {@code ALLOW_LIST}: host names such as {@code pypi.org}
 */
public record EgressPolicy(Mode mode, List<String> cidrs, List<String> domains) {
    public enum Mode { ALLOW_ALL, DENY_ALL, ALLOW_LIST }

    public static final EgressPolicy ALLOW_ALL = new EgressPolicy(Mode.ALLOW_ALL, List.of(), List.of());
    public static final EgressPolicy DENY_ALL = new EgressPolicy(Mode.DENY_ALL, List.of(), List.of());

    public EgressPolicy {
        cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
