package dev.warren.server.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which space a connection to the server's API comes from. The in-space API bridge (127.0.0.1:7399 inside each
 * space) relays every connection it accepts over a fresh connection of its own to the server's port; it registers
 * that connection's local end (address and port, from {@code getsockname}) here before relaying a byte, and removes
 * it before closing the connection. The HTTP layer looks a request's remote end up here: a space token is accepted
 * only when the request arrived through its own space's bridge (ADR 0007).
 *
 * <p>Why it cannot be forged: while the bridge's connection is open, the kernel lets no other socket hold the same
 * four-tuple (same source address and port to the same server address and port), so no other process on the host
 * can send requests from that end; the entry is gone before the connection closes. Thread-safe, non-blocking.
 */
public final class SpaceOrigins {
    private record End(InetAddress address, int port) {}

    private final Map<End, String> spaces = new ConcurrentHashMap<>();

    /** A registered connection end; {@link #close()} forgets it (idempotent). */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Records that the connection whose local end is {@code bridgeEnd} relays requests from inside {@code spaceId}.
     * Call before relaying; close the registration before closing the connection.
     */
    public Registration register(InetSocketAddress bridgeEnd, String spaceId) {
        End end = new End(normalized(bridgeEnd.getAddress()), bridgeEnd.getPort());
        spaces.put(end, spaceId);
        return () -> spaces.remove(end, spaceId);
    }

    /** The space whose bridge holds the connection with this remote end (as the server sees it), if any. */
    public Optional<String> spaceOf(InetAddress remoteAddress, int remotePort) {
        if (remoteAddress == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(spaces.get(new End(normalized(remoteAddress), remotePort)));
    }

    /** {@link #spaceOf(InetAddress, int)} for an address as a servlet container writes it ({@code [::1]} or not). */
    public Optional<String> spaceOf(String remoteAddress, int remotePort) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return Optional.empty();
        }
        String literal = remoteAddress.startsWith("[") && remoteAddress.endsWith("]")
                ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        try {
            return spaceOf(InetAddress.ofLiteral(literal), remotePort);
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    /** Connections registered now (tests, metrics). */
    public int size() {
        return spaces.size();
    }

    /** An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address it maps. */
    private static InetAddress normalized(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] raw = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= raw[i] == 0;
            }
            if (mapped && raw[10] == (byte) 0xff && raw[11] == (byte) 0xff) {
                return InetAddress.ofLiteral((raw[12] & 0xff) + "." + (raw[13] & 0xff) + "." + (raw[14] & 0xff)
                        + "." + (raw[15] & 0xff));
            }
            // scope ids differ between getsockname and the servlet's string form: compare the bytes only
            try {
                return InetAddress.getByAddress(raw);
            } catch (java.net.UnknownHostException impossible) {
                return address;
            }
        }
        return address;
    }
}
