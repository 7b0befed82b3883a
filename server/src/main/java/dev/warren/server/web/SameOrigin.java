package dev.warren.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Guards the terminal's WebSocket against cross-site WebSocket hijacking: browsers send cookies with a WebSocket
 * handshake from any site, so a cookie-authenticated upgrade is only accepted when its {@code Origin} names the
 * host the request was sent to ({@code Host}). Pure; thread-safe.
 */
final class SameOrigin {
    private SameOrigin() {}

    /** True when {@code origin} (e.g. {@code http://h:3000}) has the same host and port as {@code host}. */
    static boolean matches(String origin, String host) {
        if (origin == null || host == null || origin.isBlank() || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException invalid) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() == -1 ? defaultPort : uri.getPort();
        URI hostUri;
        try {
            hostUri = new URI("http://" + host.strip());
        } catch (URISyntaxException invalid) {
            return false;
        }
        if (hostUri.getHost() == null) {
            return false;
        }
        int hostPort = hostUri.getPort() == -1 ? defaultPort : hostUri.getPort();
        return uri.getHost().equalsIgnoreCase(hostUri.getHost()) && originPort == hostPort;
    }
}
