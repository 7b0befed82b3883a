package dev.warren.runtime.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * What no space may reach, as seen from the host the server runs on (the engine's host: warren enters spaces'
 * namespaces with nsenter, so they share it), and the resolvers spaces use for DNS.
 * <ul>
 *   <li>every address of the host itself (any port of the host: the server, /metrics, an engine TCP port, sshd),</li>
 *   <li>every subnet of a host bridge (docker0, br-*, cni-podman*, podman*) and of every engine network, including
 *       those whose bridge does not exist yet (other spaces, other owners, the space's own network and gateway),</li>
 *   <li>link-local (169.254.0.0/16: cloud metadata services hand out the host's credentials there), multicast,
 *       broadcast and "this network" (0.0.0.0/8); for IPv6 link-local, multicast and the host's addresses.</li>
 * </ul>
 * Resolvers: the non-loopback name servers of the host's resolv.conf (what Docker's embedded DNS and Podman hand to
 * spaces), else systemd-resolved's upstream list, else Docker's fallback (Google's public DNS).
 * Lists are sorted, so two scans of an unchanged host are equal.
 */
record HostNetworks(List<String> blocked4, List<String> blocked6, List<String> resolvers4, List<String> resolvers6) {
    private static final Logger LOG = LoggerFactory.getLogger(HostNetworks.class);
    static final List<String> ALWAYS4 = List.of("0.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "255.255.255.255/32");
    static final List<String> ALWAYS6 = List.of("fe80::/10", "ff00::/8");
    private static final List<Path> RESOLV_CONF = List.of(Path.of("/etc/resolv.conf"),
            Path.of("/run/systemd/resolve/resolv.conf"));
    private static final List<String> FALLBACK_RESOLVERS = List.of("8.8.8.8", "8.8.4.4");

    HostNetworks {
        blocked4 = List.copyOf(blocked4);
        blocked6 = List.copyOf(blocked6);
        resolvers4 = List.copyOf(resolvers4);
        resolvers6 = List.copyOf(resolvers6);
    }

    /**
     * Scans the host's interfaces and resolv.conf now and adds {@code engineSubnets} (every network the engine
     * has). Blocking: a few system calls and file reads.
     */
    static HostNetworks scan(Collection<String> engineSubnets) {
        TreeSet<String> blocked4 = new TreeSet<>(ALWAYS4);
        TreeSet<String> blocked6 = new TreeSet<>(ALWAYS6);
        for (String subnet : engineSubnets) {
            (subnet.contains(":") ? blocked6 : blocked4).add(subnet);
        }
        try {
            for (NetworkInterface each : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                boolean bridge = Files.isDirectory(Path.of("/sys/class/net", each.getName(), "bridge"));
                for (InterfaceAddress address : each.getInterfaceAddresses()) {
                    InetAddress ip = address.getAddress();
                    if (ip.isLoopbackAddress()) {
                        continue; // a space's loopback is its own
                    }
                    if (ip instanceof Inet4Address) {
                        blocked4.add(ip.getHostAddress() + "/32");
                        if (bridge) {
                            blocked4.add(network(ip, address.getNetworkPrefixLength()));
                        }
                    } else if (ip instanceof Inet6Address && !ip.isLinkLocalAddress()) {
                        blocked6.add(scopeless(ip) + "/128");
                    }
                }
            }
        } catch (SocketException failed) {
            LOG.warn("Could not list the host's network interfaces: {}", failed.getMessage());
        }
        List<String> resolvers = resolvers();
        return new HostNetworks(List.copyOf(blocked4), List.copyOf(blocked6),
                resolvers.stream().filter(ip -> !ip.contains(":")).map(ip -> ip + "/32").toList(),
                resolvers.stream().filter(ip -> ip.contains(":")).map(ip -> ip + "/128").toList());
    }

    private static List<String> resolvers() {
        for (Path file : RESOLV_CONF) {
            List<String> found = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] words = line.strip().split("\\s+");
                    if (words.length >= 2 && words[0].equals("nameserver")) {
                        try {
                            InetAddress address = InetAddress.ofLiteral(words[1]);
                            if (!address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
                                found.add(scopeless(address));
                            }
                        } catch (IllegalArgumentException notAnAddress) {
                            // resolv.conf may hold anything; only literal addresses count
                        }
                    }
                }
            } catch (IOException missing) {
                continue;
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        return FALLBACK_RESOLVERS;
    }

    /** The network of {@code address} with {@code prefix} bits, e.g. 172.18.0.1/16 → 172.18.0.0/16. */
    static String network(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String scopeless(InetAddress address) {
        String text = address.getHostAddress();
        int percent = text.indexOf('%');
        return percent < 0 ? text : text.substring(0, percent);
    }
}
