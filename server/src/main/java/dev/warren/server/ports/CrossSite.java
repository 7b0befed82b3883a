package dev.warren.server.ports;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Whether the cookies of a request (a browser session, a preview cookie) may authorise it. Every port URL under
 * {@code *.localhost} is the same "site" to a browser, so a page served from one space could make a browser send
 * another space's cookies along with a form post; cookies therefore count for an unsafe method only when the request
 * comes from the same origin or from another port of the same space. Safe methods (GET, HEAD, OPTIONS) and clients
 * that send neither {@code Origin} nor {@code Sec-Fetch-Site} (scripts, curl) are not restricted. Stateless.
 */
final class CrossSite {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private CrossSite() {}

    static boolean allowsCookies(RequestHead head, ProxyTarget target) {
        if (SAFE.contains(head.method())) {
            return true;
        }
        String site = head.header("Sec-Fetch-Site");
        if (site != null && (site.equalsIgnoreCase("same-origin") || site.equalsIgnoreCase("none"))) {
            return true;
        }
        String origin = head.header("Origin");
        if (origin == null) {
            return site == null;
        }
        String originHost;
        try {
            originHost = URI.create(origin.strip()).getHost();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        if (originHost == null) {
            return false; // "null" origins (sandboxed frames, file:) never count
        }
        originHost = originHost.toLowerCase(Locale.ROOT);
        return originHost.equals(head.hostName())
                || originHost.matches("\\d{1,5}-" + java.util.regex.Pattern.quote(target.spaceId()) + "\\..*");
    }
}
