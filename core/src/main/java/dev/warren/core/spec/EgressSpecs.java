package dev.warren.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.core.model.EgressPolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The template key {@code egress}: {@code allow_all} (the default), {@code deny_all}, or {@code {allow: [...]}} with
 * CIDR ranges, single addresses and domain names. Everything is checked here without any lookup: CIDRs are parsed
 * as literals, domains must be well-formed host names.
 */
public final class EgressSpecs {
    static final int MAX_ENTRIES = 256;
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

    private EgressSpecs() {}

    static EgressPolicy parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return EgressPolicy.ALLOW_ALL;
        }
        if (node.isTextual()) {
            return switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
                case "allow_all" -> EgressPolicy.ALLOW_ALL;
                case "deny_all" -> EgressPolicy.DENY_ALL;
                default -> throw shape();
            };
        }
        if (!node.isObject() || node.size() != 1 || !node.has("allow") || !node.get("allow").isArray()) {
            throw shape();
        }
        JsonNode allow = node.get("allow");
        if (allow.isEmpty()) {
            throw new SpecException("The spec key 'egress' has an empty allow list: write 'egress: deny_all' to allow"
                    + " nothing.");
        }
        if (allow.size() > MAX_ENTRIES) {
            throw new SpecException("The spec key 'egress' may allow at most " + MAX_ENTRIES + " entries.");
        }
        Set<String> cidrs = new LinkedHashSet<>();
        Set<String> domains = new LinkedHashSet<>();
        for (JsonNode item : allow) {
            if (!item.isTextual()) {
                throw new SpecException("Every entry of 'egress.allow' must be a CIDR range such as 10.1.0.0/16, an"
                        + " address, or a domain name such as pypi.org.");
            }
            String entry = item.asText().strip();
            if (looksLikeAddress(entry)) {
                cidrs.add(cidr(entry));
            } else {
                domains.add(domain(entry));
            }
        }
        return new EgressPolicy(EgressPolicy.Mode.ALLOW_LIST, new ArrayList<>(cidrs), new ArrayList<>(domains));
    }

    /**
     * The same rules for a policy given as a mode and a list, as the per-space egress API takes it: {@code mode}
     * {@code allow_all}, {@code deny_all} or {@code allow_list}; {@code allow} only (and required) for
     * {@code allow_list}. Throws {@link SpecException} with a sentence.
     */
    public static EgressPolicy of(String mode, java.util.List<String> allow) {
        String wanted = mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT);
        boolean listed = allow != null && !allow.isEmpty();
        switch (wanted) {
            case "allow_all", "deny_all" -> {
                if (listed) {
                    throw new SpecException("An allow list goes with the mode allow_list, not " + wanted + ".");
                }
                return wanted.equals("allow_all") ? EgressPolicy.ALLOW_ALL : EgressPolicy.DENY_ALL;
            }
            case "allow_list" -> {
                if (!listed) {
                    throw new SpecException("The mode allow_list needs at least one entry in allow: use deny_all to"
                            + " allow nothing.");
                }
                if (allow.size() > MAX_ENTRIES) {
                    throw new SpecException("An allow list may have at most " + MAX_ENTRIES + " entries.");
                }
                Set<String> cidrs = new LinkedHashSet<>();
                Set<String> domains = new LinkedHashSet<>();
                for (String item : allow) {
                    String entry = item == null ? "" : item.strip();
                    if (looksLikeAddress(entry)) {
                        cidrs.add(cidr(entry));
                    } else {
                        domains.add(domain(entry));
                    }
                }
                return new EgressPolicy(EgressPolicy.Mode.ALLOW_LIST, new ArrayList<>(cidrs), new ArrayList<>(domains));
            }
            default -> throw new SpecException("The mode must be allow_all, deny_all or allow_list.");
        }
    }

    private static boolean looksLikeAddress(String entry) {
        return entry.contains(":") || entry.contains("/") || entry.matches("^[0-9.]+$");
    }

    /** A CIDR range or a single address, as written (IPv6 in lower case); refused when not a literal. */
    static String cidr(String entry) {
        String address = entry;
        Integer prefix = null;
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            address = entry.substring(0, slash);
            String bits = entry.substring(slash + 1);
            if (!bits.matches("^\\d{1,3}$")) {
                throw badCidr(entry);
            }
            prefix = Integer.parseInt(bits);
        }
        int most;
        if (IPV4.matcher(address).matches()) {
            most = 32;
        } else if (address.contains(":") && IPV6.matcher(address).matches() && isIpv6Literal(address)) {
            most = 128;
            address = address.toLowerCase(Locale.ROOT);
        } else {
            throw badCidr(entry);
        }
        if (prefix != null && prefix > most) {
            throw badCidr(entry);
        }
        return prefix == null ? address : address + "/" + prefix;
    }

    /** RFC 4291 text form: eight groups of 1–4 hex digits, "::" once for zeros, an IPv4 tail allowed. */
    static boolean isIpv6Literal(String address) {
        int compressed = address.indexOf("::");
        if (compressed >= 0 && address.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] halves = compressed >= 0
                ? new String[] {address.substring(0, compressed), address.substring(compressed + 2)}
                : new String[] {address};
        int groups = 0;
        for (int half = 0; half < halves.length; half++) {
            if (halves[half].isEmpty()) {
                continue;
            }
            String[] parts = halves[half].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean last = half == halves.length - 1 && i == parts.length - 1;
                if (last && parts[i].contains(".")) {
                    if (!IPV4.matcher(parts[i]).matches()) {
                        return false;
                    }
                    groups += 2;
                } else if (parts[i].matches("^[0-9A-Fa-f]{1,4}$")) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return compressed >= 0 ? groups < 8 : groups == 8;
    }

    /** A host name in lower case: dot-separated labels of letters, digits and dashes, at most 253 characters. */
    static String domain(String entry) {
        String name = entry.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String[] labels = name.split("\\.", -1);
        boolean valid = !name.isEmpty() && name.length() <= 253 && labels.length >= 2
                && !labels[labels.length - 1].matches("^\\d+$");
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new SpecException("The entry '" + SpecValues.shorten(entry) + "' of 'egress.allow' is neither a CIDR"
                    + " range, an address, nor a domain name such as pypi.org.");
        }
        return name;
    }

    private static SpecException badCidr(String entry) {
        return new SpecException("The entry '" + SpecValues.shorten(entry) + "' of 'egress.allow' is not a valid"
                + " address or CIDR range such as 10.1.0.0/16 or 2001:db8::/32.");
    }

    private static SpecException shape() {
        return new SpecException("The spec key 'egress' must be allow_all, deny_all, or {allow: [CIDR ranges and"
                + " domain names]}.");
    }
}
