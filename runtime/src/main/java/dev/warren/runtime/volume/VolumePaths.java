package dev.warren.runtime.volume;

import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.runtime.agent.FileType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a path inside a volume one component at a time, never following a link out of it. A caller's path is
 * absolute within the volume and may not contain {@code ..} (refused, not normalised: what a path means must not
 * depend on links). Links met on the way are followed only when their target is relative and stays inside the
 * volume (a {@code ..} in a target may climb, but not above the root); an absolute target is refused, because inside
 * a space it names a path of the space, not of the volume. At most {@value #MAX_LINKS} links per resolution, as the
 * kernel allows. Pure: the {@link Tree} answers what is there.
 */
public final class VolumePaths {
    /** As the kernel's {@code ELOOP}. */
    public static final int MAX_LINKS = 40;
    private static final int MAX_PATH = 4096;

    /** What a volume holds, asked component list by component list (relative to the root, never through links). */
    public interface Tree {
        /** The entry's type without following it, or empty when nothing is there. */
        Optional<FileType> type(List<String> components);

        /** The target of the link at {@code components}, as stored. */
        String linkTarget(List<String> components);
    }

    /**
     * Where a path leads: {@code existing} is the resolved part that exists (its last element is the final entry
     * when {@code missing} is empty), {@code missing} the names after it that do not exist yet.
     */
    public record Resolved(List<String> existing, List<String> missing, Optional<FileType> type) {
        public Resolved {
            existing = List.copyOf(existing);
            missing = List.copyOf(missing);
        }

        /** The path exists. */
        public boolean exists() {
            return missing.isEmpty() && type.isPresent();
        }

        /** The resolved path, absolute within the volume ({@code /} for the root). */
        public String path() {
            List<String> all = new ArrayList<>(existing);
            all.addAll(missing);
            return "/" + String.join("/", all);
        }
    }

    private VolumePaths() {}

    /** The components of a caller's path, refused with a sentence unless absolute, without {@code ..} and NUL. */
    public static List<String> components(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0 || path.length() > MAX_PATH) {
            throw ValidationException.of("path", "The path must be absolute within the volume ('/' is its root),"
                    + " at most " + MAX_PATH + " characters, without NUL.");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw ValidationException.of("path", "The path '" + path + "' contains '..'; give it without.");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }

    /**
     * Resolves {@code path}, following links on the way (and the final one when {@code followFinal}) as long as they
     * stay inside. Names that do not exist end the walk: they are returned as {@link Resolved#missing()}.
     */
    public static Resolved resolve(Tree tree, String path, boolean followFinal) {
        Deque<String> pending = new ArrayDeque<>(components(path));
        List<String> resolved = new ArrayList<>();
        Optional<FileType> type = Optional.of(FileType.DIRECTORY); // the root
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) { // only from a link's target
                if (resolved.isEmpty()) {
                    throw leadsOut(path);
                }
                resolved.removeLast();
                type = Optional.of(FileType.DIRECTORY);
                continue;
            }
            if (type.isPresent() && type.get() != FileType.DIRECTORY) {
                throw ValidationException.of("path", "'/" + String.join("/", resolved) + "' is not a directory.");
            }
            List<String> candidate = new ArrayList<>(resolved);
            candidate.add(name);
            Optional<FileType> found = tree.type(candidate);
            if (found.isEmpty()) {
                List<String> missing = new ArrayList<>();
                missing.add(name);
                for (String rest : pending) {
                    if (rest.equals("..")) {
                        throw new NotFoundException("No such file or directory: '" + path + "'.");
                    }
                    if (!rest.isEmpty() && !rest.equals(".")) {
                        missing.add(rest);
                    }
                }
                return new Resolved(resolved, missing, Optional.empty());
            }
            if (found.get() == FileType.SYMLINK && (!pending.isEmpty() || followFinal)) {
                if (++links > MAX_LINKS) {
                    throw ValidationException.of("path", "Too many levels of symbolic links in '" + path + "'.");
                }
                String target = tree.linkTarget(candidate);
                if (target.startsWith("/")) {
                    throw ValidationException.of("path", "'/" + String.join("/", candidate) + "' is a symbolic link"
                            + " to '" + target + "', an absolute path: it leads outside the volume and is not"
                            + " followed.");
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    pending.push(parts[i]);
                }
                type = Optional.of(FileType.DIRECTORY); // back at the link's directory
                continue;
            }
            resolved.add(name);
            type = found;
        }
        return new Resolved(resolved, List.of(), type);
    }

    /** As {@link #resolve}, but the path must exist. */
    public static Resolved existing(Tree tree, String path, boolean followFinal) {
        Resolved resolved = resolve(tree, path, followFinal);
        if (!resolved.exists()) {
            throw new NotFoundException("No such file or directory in the volume: '" + path + "'.");
        }
        return resolved;
    }

    private static ValidationException leadsOut(String path) {
        return ValidationException.of("path", "'" + path + "' leads through a symbolic link outside the volume;"
                + " it is not followed.");
    }
}
