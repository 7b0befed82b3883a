package dev.warren.server.ports;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a request goes: a port of a space, named by the Host ({@code <port>-<space id>.<domain>}) or, for any other
 * Host, by the path ({@code /spaces/<space id>/ports/<port>/rest…}, passed on as {@code /rest…}). Also takes the
 * preview token out of the query ({@value #PREVIEW_PARAMETER}), so it never reaches the space.
 *
 * @param upstreamTarget the request target the space receives (path prefix and preview parameter removed)
 * @param preview        the preview token the query carried, or null
 * @param prefix         the path prefix of a path-based URL ({@code /spaces/<id>/ports/<port>}), else empty
 */
record ProxyTarget(String spaceId, int port, boolean pathBased, String upstreamTarget, String preview,
        String prefix) {
    static final String PREVIEW_PARAMETER = "warren_preview";
    private static final Pattern HOST_LABEL = Pattern.compile("(\\d{1,5})-([a-z0-9][a-z0-9-]{0,62})");
    private static final Pattern PATH = Pattern.compile(
            "/spaces/([A-Za-z0-9][A-Za-z0-9-]{0,62})/ports/(\\d{1,5})(/[^?]*)?(\\?.*)?");

    /** Whether the two name the same space and port the same way (a kept-alive connection must not change). */
    boolean sameAs(ProxyTarget other) {
        return spaceId.equals(other.spaceId) && port == other.port && pathBased == other.pathBased;
    }

    /** The target the client asked for, without the preview parameter: where a preview link redirects to. */
    String withoutPreview() {
        return prefix + upstreamTarget;
    }

    /**
     * Routes a request.
     *
     * @param hostName the Host field's name, lower case, without port
     * @param target   the request target
     * @param domain   the port URL domain ({@code localhost} by default)
     * @return empty when neither the Host nor the path names a space's port
     * @throws ProxyRefusal 400 for a port outside 1..65535
     */
    static Optional<ProxyTarget> route(String hostName, String target, String domain) {
        String suffix = "." + domain;
        if (hostName.endsWith(suffix)) {
            Matcher label = HOST_LABEL.matcher(hostName.substring(0, hostName.length() - suffix.length()));
            if (label.matches()) {
                String[] query = splitQuery(target);
                return Optional.of(new ProxyTarget(label.group(2), port(label.group(1)), false,
                        query[0] + query[1], query[2], ""));
            }
        }
        Matcher path = PATH.matcher(target);
        if (!path.matches()) {
            return Optional.empty();
        }
        int port = port(path.group(2));
        String rest = path.group(3) == null ? "/" : path.group(3);
        String[] query = splitQuery(rest + (path.group(4) == null ? "" : path.group(4)));
        String spaceId = path.group(1).toLowerCase(java.util.Locale.ROOT);
        return Optional.of(new ProxyTarget(spaceId, port, true, query[0] + query[1], query[2],
                "/spaces/" + path.group(1) + "/ports/" + path.group(2)));
    }

    private static int port(String digits) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new ProxyRefusal(400, "The port in a port URL must be between 1 and 65535, not " + port + ".");
        }
        return port;
    }

    /** {path, "?rest of query" or "", preview token or null}. */
    private static String[] splitQuery(String target) {
        int mark = target.indexOf('?');
        if (mark < 0) {
            return new String[] {target, "", null};
        }
        String preview = null;
        StringBuilder kept = new StringBuilder();
        for (String pair : target.substring(mark + 1).split("&", -1)) {
            if (pair.equals(PREVIEW_PARAMETER) || pair.startsWith(PREVIEW_PARAMETER + "=")) {
                String value = pair.substring(Math.min(pair.length(), PREVIEW_PARAMETER.length() + 1));
                try {
                    preview = URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    preview = value;
                }
                continue;
            }
            if (!pair.isEmpty()) {
                kept.append(kept.isEmpty() ? "?" : "&").append(pair);
            }
        }
        // only a query that carried the parameter is rewritten; any other is passed on byte for byte
        return new String[] {target.substring(0, mark), preview == null ? target.substring(mark) : kept.toString(),
                preview};
    }
}
