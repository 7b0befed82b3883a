package dev.warren.runtime.memory;

import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A space's files in memory: absolute paths to directories and files, with the refusals the agent gives (missing →
 * not found, a directory read as a file → refused). Thread-safe (one lock; contents are small in tests).
 */
final class MemoryFileSystem {
    /** {@code target}: a link's target as stored, null for files and directories. */
    private record Node(FileType type, byte[] content, int mode, long modified, String target) {}

    private record Watcher(String path, boolean recursive, Consumer<FileEvent> listener) {}

    private final NavigableMap<String, Node> nodes = new TreeMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final Clock clock;
    /** User volumes mounted into this space: paths under them are the volumes' (see {@link MemoryMounts}). */
    private final MemoryMounts mounts = new MemoryMounts();

    MemoryFileSystem(Clock clock) {
        this.clock = clock;
        nodes.put("/", directory());
    }

    synchronized FileInfo stat(String path) {
        String clean = normal(path);
        if (mounts.holds(clean)) {
            return mounts.stat(clean);
        }
        return info(clean, find(clean));
    }

    synchronized List<FileInfo> list(String path, int depth) {
        String clean = normal(path);
        if (mounts.holds(clean)) {
            return mounts.list(clean, depth);
        }
        if (find(clean).type() != FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + clean + "' is not a directory.");
        }
        String prefix = clean.equals("/") ? "/" : clean + "/";
        List<FileInfo> found = new ArrayList<>();
        for (Map.Entry<String, Node> entry : nodes.tailMap(prefix, false).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            long levels = entry.getKey().substring(prefix.length()).chars().filter(c -> c == '/').count() + 1;
            if (levels <= depth) {
                found.add(info(entry.getKey(), entry.getValue()));
            }
        }
        return found;
    }

    synchronized void makeDirectories(String path) {
        String clean = normal(path);
        if (mounts.holds(clean)) {
            mounts.makeDirectories(clean);
            return;
        }
        StringBuilder walked = new StringBuilder();
        for (String part : clean.substring(1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            walked.append('/').append(part);
            Node node = nodes.get(walked.toString());
            if (node == null) {
                nodes.put(walked.toString(), directory());
                notify(FileEvent.Kind.CREATE, walked.toString());
            } else if (node.type() != FileType.DIRECTORY) {
                throw new ConflictException("'" + walked + "' exists and is not a directory.");
            }
        }
    }

    synchronized void remove(String path) {
        String clean = normal(path);
        if (clean.equals("/")) {
            throw ValidationException.of("path", "The root directory cannot be removed.");
        }
        if (mounts.holds(clean)) {
            mounts.remove(clean);
            return;
        }
        find(clean);
        for (String each : subtree(clean).reversed()) { // deepest first
            nodes.remove(each);
            notify(FileEvent.Kind.REMOVE, each);
        }
    }

    synchronized void rename(String from, String to) {
        String source = normal(from);
        String target = normal(to);
        if (mounts.holds(source) || mounts.holds(target)) {
            mounts.rename(source, target);
            return;
        }
        find(source);
        makeDirectories(parent(target));
        for (String each : subtree(source)) {
            Node node = nodes.remove(each);
            nodes.put(target + each.substring(source.length()), node);
        }
        notify(FileEvent.Kind.RENAME, source);
        notify(FileEvent.Kind.CREATE, target);
    }

    synchronized byte[] read(String path) {
        String clean = normal(path);
        if (mounts.holds(clean)) {
            return mounts.read(clean);
        }
        Node node = find(clean);
        for (int hops = 0; node.type() == FileType.SYMLINK; hops++) { // followed like open(2) does, 40 at most
            if (hops == 40) {
                throw ValidationException.of("path", "Too many levels of symbolic links: '" + clean + "'.");
            }
            clean = normal(node.target().startsWith("/") ? node.target() : parent(clean) + "/" + node.target());
            node = find(clean);
        }
        if (node.type() == FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + clean + "' is a directory.");
        }
        return node.content().clone();
    }

    synchronized void write(String path, byte[] content, int mode) {
        String clean = normal(path);
        if (mounts.holds(clean)) {
            mounts.write(clean, content, mode);
            return;
        }
        Node existing = nodes.get(clean);
        if (existing != null && existing.type() == FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + clean + "' is a directory.");
        }
        makeDirectories(parent(clean));
        nodes.put(clean, new Node(FileType.FILE, content.clone(), mode & 07777, clock.millis(), null));
        notify(existing == null ? FileEvent.Kind.CREATE : FileEvent.Kind.WRITE, clean);
    }

    /** A link at {@code link} to {@code target} (stored as given), with missing parents; conflict when taken. */
    synchronized void symlink(String target, String link) {
        String clean = normal(link);
        if (mounts.holds(clean)) {
            mounts.symlink(target, clean);
            return;
        }
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw ValidationException.of("target", "A link target must be non-empty and contain no NUL byte.");
        }
        if (nodes.containsKey(clean)) {
            throw new ConflictException("Something is already at '" + clean + "'.");
        }
        makeDirectories(parent(clean));
        nodes.put(clean, new Node(FileType.SYMLINK, target.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0777,
                clock.millis(), target));
        notify(FileEvent.Kind.CREATE, clean);
    }

    Runnable watch(String path, boolean recursive, Consumer<FileEvent> listener) {
        String clean = normal(path);
        if (mounts.holds(clean)) {
            return mounts.watch(clean, recursive, listener);
        }
        synchronized (this) {
            find(clean);
        }
        Watcher watcher = new Watcher(clean, recursive, listener);
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Mounts {@code root} of a user volume's tree at {@code path} (created here as the mount point). */
    void mount(String path, MemoryFileSystem volume, String root, boolean readOnly) {
        makeDirectories(path);
        mounts.add(normal(path), volume, root, readOnly);
    }

    /** Copies of every node under {@code path} (a volume's content), keyed relative to it. */
    synchronized Map<String, Object> export(String path) {
        String clean = normal(path);
        Map<String, Object> copy = new TreeMap<>();
        for (String each : subtree(clean)) {
            copy.put(each.substring(clean.length()), nodes.get(each));
        }
        return copy;
    }

    /** Puts back what {@link #export} copied, under {@code path}. */
    synchronized void restore(String path, Map<String, Object> copy) {
        String clean = normal(path);
        makeDirectories(clean);
        copy.forEach((relative, node) -> nodes.put(clean + relative, (Node) node));
    }

    private List<String> subtree(String root) {
        List<String> found = new ArrayList<>();
        found.add(root);
        String prefix = root.equals("/") ? "/" : root + "/";
        for (String key : nodes.tailMap(prefix, false).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            found.add(key);
        }
        return found;
    }

    private void notify(FileEvent.Kind kind, String path) {
        for (Watcher watcher : watchers) {
            String directory = parent(path);
            if (directory.equals(watcher.path()) || watcher.recursive() && path.startsWith(
                    watcher.path().equals("/") ? "/" : watcher.path() + "/")) {
                watcher.listener().accept(new FileEvent(kind, path));
            }
        }
    }

    private Node find(String path) {
        Node node = nodes.get(path);
        if (node == null) {
            throw new NotFoundException("No such file or directory: '" + path + "'.");
        }
        return node;
    }

    private FileInfo info(String path, Node node) {
        String name = path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
        return new FileInfo(path, name, node.type(), node.content().length, node.mode(),
                java.time.Instant.ofEpochMilli(node.modified()), node.target());
    }

    private Node directory() {
        return new Node(FileType.DIRECTORY, new byte[0], 0755, clock.millis(), null);
    }

    static String normal(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw ValidationException.of("path", "The path must be absolute.");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
