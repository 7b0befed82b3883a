package dev.warren.client.archive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The path rules of one archive extraction, kept as the members go by. Pure (no I/O); one archive, one thread.
 * <ul>
 *   <li>A member path is relative, with no {@code ..} component and no NUL, at most 4,096 bytes with names of at most
 *       255; {@code ./} prefixes and empty components are dropped. The root itself ({@code ./}) is no member.</li>
 *   <li>A member may not lie under a link that the archive created (writing through it could land anywhere), and a
 *       link's path may not be reused by a later member.</li>
 *   <li>A link's target, resolved from the link's directory — through the links of the archive, as the kernel
 *       would — must stay inside the destination. An absolute target counts as inside only when it names a path
 *       under the destination. {@link #verifyLinks()} checks every link again once all are known, because a link
 *       met later can change where an earlier one leads.</li>
 * </ul>
 * Every refusal is an {@link ArchiveRefusedException} with a sentence naming the member.
 */
public final class SafeArchivePaths {
    static final int MAX_PATH_BYTES = 4096;
    static final int MAX_NAME_BYTES = 255;
    /** As the kernel's {@code ELOOP}: more link expansions than this in one resolution is a loop. */
    private static final int MAX_LINK_HOPS = 40;

    private final List<String> destination;
    private final Map<String, String> links = new HashMap<>();

    /** @param destination the absolute path the archive is extracted into (absolute link targets are judged by it) */
    public SafeArchivePaths(String destination) {
        if (destination == null || !destination.startsWith("/")) {
            throw new IllegalArgumentException("The destination must be an absolute path.");
        }
        this.destination = components(destination);
    }

    /**
     * The member's path relative to the destination, normalised ({@code "./a//b/"} → {@code "a/b"}); empty for the
     * root entry ({@code "./"}).
     *
     * @throws ArchiveRefusedException when the rules refuse it
     */
    public String member(String name) {
        if (name == null || name.isEmpty()) {
            throw new ArchiveRefusedException("The archive has a member without a name.");
        }
        if (name.indexOf('\0') >= 0) {
            throw new ArchiveRefusedException("The archive member '" + shown(name) + "' has a NUL byte in its name.");
        }
        if (name.startsWith("/")) {
            throw new ArchiveRefusedException("The archive member '" + shown(name) + "' has an absolute path; "
                    + "members must be relative to the destination.");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new ArchiveRefusedException("The archive member '" + shown(name) + "' has a path longer than "
                    + MAX_PATH_BYTES + " bytes.");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new ArchiveRefusedException("The archive member '" + shown(name) + "' has a '..' component; "
                        + "members must stay inside the destination.");
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new ArchiveRefusedException("The archive member '" + shown(name) + "' has a name longer than "
                        + MAX_NAME_BYTES + " bytes.");
            }
            parts.add(part);
        }
        String path = String.join("/", parts);
        for (int i = 1; i < parts.size(); i++) {
            String prefix = String.join("/", parts.subList(0, i));
            if (links.containsKey(prefix)) {
                throw new ArchiveRefusedException("The archive member '" + shown(name) + "' lies under '" + prefix
                        + "', a link the archive created; nothing is written through a link.");
            }
        }
        if (links.containsKey(path)) {
            throw new ArchiveRefusedException("The archive member '" + shown(name) + "' comes again after a link "
                    + "of the same path.");
        }
        return path;
    }

    /**
     * Checks a link member (its path from {@link #member}) and remembers it.
     *
     * @throws ArchiveRefusedException when its target is empty or leads outside the destination
     */
    public void link(String path, String target) {
        if (path.isEmpty()) {
            throw new ArchiveRefusedException("The archive's root entry is a link; it must be a directory.");
        }
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new ArchiveRefusedException("The archive's link '" + path + "' has an empty target.");
        }
        if (target.getBytes(StandardCharsets.UTF_8).length >= MAX_PATH_BYTES) {
            throw new ArchiveRefusedException("The archive's link '" + path + "' has a target longer than "
                    + (MAX_PATH_BYTES - 1) + " bytes.");
        }
        requireInside(path, target);
        links.put(path, target);
    }

    /** Resolves every link again with all the archive's links known. */
    public void verifyLinks() {
        links.forEach(this::requireInside);
    }

    /** How many links the archive has created so far. */
    public int linkCount() {
        return links.size();
    }

    private void requireInside(String path, String target) {
        if (!resolvesInside(path, target)) {
            throw new ArchiveRefusedException("The archive's link '" + path + "' points to '" + shown(target)
                    + "', outside the destination.");
        }
    }

    /** Walks the target component by component from the link's directory, expanding the archive's links. */
    private boolean resolvesInside(String path, String target) {
        List<String> current = new ArrayList<>(components(path));
        current.removeLast(); // the link's directory
        Deque<String> pending = new ArrayDeque<>();
        if (!push(pending, current, target)) {
            return false;
        }
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.equals("..")) {
                if (current.isEmpty()) {
                    return false;
                }
                current.removeLast();
                continue;
            }
            current.add(part);
            String next = links.get(String.join("/", current));
            if (next != null) {
                if (++hops > MAX_LINK_HOPS) {
                    return false; // a loop, or a chain too long for the kernel too
                }
                current.removeLast();
                if (!push(pending, current, next)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Puts the target's components in front of {@code pending}; an absolute target restarts {@code current} at the
     * destination when it names a path under it, and is outside otherwise.
     */
    private boolean push(Deque<String> pending, List<String> current, String target) {
        List<String> parts = components(target);
        if (target.startsWith("/")) {
            List<String> normal = lexical(parts);
            if (normal == null || normal.size() < destination.size()
                    || !normal.subList(0, destination.size()).equals(destination)) {
                return false;
            }
            current.clear();
            parts = normal.subList(destination.size(), normal.size());
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            pending.push(parts.get(i));
        }
        return true;
    }

    /** {@code a/./b/../c} → {@code [a, c]}; null when {@code ..} climbs above the start. */
    private static List<String> lexical(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String part : parts) {
            if (part.equals("..")) {
                if (out.isEmpty()) {
                    return null;
                }
                out.removeLast();
            } else {
                out.add(part);
            }
        }
        return out;
    }

    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** A name as shown in a sentence: control characters escaped, long names cut. */
    static String shown(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 200; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.length() < name.length() ? out + "…" : out.toString();
    }
}
