package dev.warren.server.ports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.x request head: the request line and the header fields, in their order, editable (the proxy removes
 * warren's credentials and adds forwarding headers) and written back as bytes. Parsing is strict where a lenient
 * reading could let the proxy and the space's server frame requests differently (request smuggling): no folded
 * lines, no spaces before the colon, no control characters, one version. Not thread-safe.
 */
final class RequestHead {
    /** The largest head accepted, request line and fields together. */
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_FIELDS = 200;

    private final String method;
    private String target;
    private final String version;
    private final List<String[]> fields;

    private RequestHead(String method, String target, String version, List<String[]> fields) {
        this.method = method;
        this.target = target;
        this.version = version;
        this.fields = fields;
    }

    /**
     * Parses {@code length} bytes ending with the blank line.
     *
     * @throws ProxyRefusal 400 when it is not an HTTP/1.0 or 1.1 request head this proxy can route
     */
    static RequestHead parse(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new ProxyRefusal(400, "The request line must be 'METHOD /path HTTP/1.1'.");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new ProxyRefusal(505, "The port proxy speaks HTTP/1.0 and HTTP/1.1 only.");
        }
        if (!parts[0].chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
            throw new ProxyRefusal(400, "The request method '" + printable(parts[0]) + "' is not valid.");
        }
        if (parts[0].equals("CONNECT") || !(parts[1].startsWith("/") || parts[1].equals("*"))) {
            throw new ProxyRefusal(400, "The port proxy takes requests for a path ('GET /index.html'), not"
                    + " tunnels or absolute URLs.");
        }
        if (hasControl(parts[1])) {
            throw new ProxyRefusal(400, "The request target contains control characters.");
        }
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue; // the blank line(s) ending the head
            }
            int colon = line.indexOf(':');
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t' || colon <= 0) {
                throw new ProxyRefusal(400, "The header line '" + printable(line) + "' is malformed (folded lines"
                        + " and lines without 'Name: value' are refused).");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (!name.chars().allMatch(RequestHead::isTokenChar) || hasControl(value)) {
                throw new ProxyRefusal(400, "The header '" + printable(name) + "' has a malformed name or value.");
            }
            fields.add(new String[] {name, value});
        }
        if (fields.size() > MAX_FIELDS) {
            throw new ProxyRefusal(431, "The request has more than " + MAX_FIELDS + " header fields.");
        }
        return new RequestHead(parts[0], parts[1], parts[2], fields);
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }

    void target(String newTarget) {
        this.target = newTarget;
    }

    boolean http10() {
        return version.equals("HTTP/1.0");
    }

    /** The first value of the field, or null. Names match case-insensitively. */
    String header(String name) {
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                return field[1];
            }
        }
        return null;
    }

    /** Every value of the field, in order. */
    List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                values.add(field[1]);
            }
        }
        return values;
    }

    /** Whether a comma-separated field (Connection, Transfer-Encoding) lists {@code token}. */
    boolean lists(String name, String token) {
        for (String value : headers(name)) {
            for (String item : value.split(",")) {
                if (item.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    void remove(String name) {
        fields.removeIf(field -> field[0].equalsIgnoreCase(name));
    }

    /** Replaces every value of the field with one. */
    void set(String name, String value) {
        remove(name);
        fields.add(new String[] {name, value});
    }

    /** Whether this request asks to switch protocols (WebSocket): after it, bytes flow raw both ways. */
    boolean upgrade() {
        return header("Upgrade") != null && lists("Connection", "upgrade");
    }

    /** The head as it goes upstream. */
    byte[] bytes() {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(' ')
                .append(version).append("\r\n");
        for (String[] field : fields) {
            head.append(field[0]).append(": ").append(field[1]).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The host named by the Host field, lower case, without a port; empty when absent. */
    String hostName() {
        String host = header("Host");
        if (host == null) {
            return "";
        }
        host = host.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 32 && c != '\t' || c == 127);
    }

    private static String printable(String value) {
        String cut = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
