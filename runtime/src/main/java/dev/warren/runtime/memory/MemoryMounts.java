package dev.warren.runtime.memory;

import dev.warren.core.ConflictException;
import dev.warren.core.ForbiddenException;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The user volumes mounted into one in-memory space: a path of the space at or under a mount point is served by the
 * volume's own tree (shared by every space mounting it, so a write in one is read in another at once), at the
 * mount's subpath; a read-only mount refuses changes as a read-only bind mount does (403). Mounts are fixed at the
 * space's start. Thread-safe.
 */
final class MemoryMounts {
    private record Mount(String path, MemoryFileSystem volume, String root, boolean readOnly) {}

    /** Mount path → mount; the longest prefix wins, as nested mounts do. */
    private final NavigableMap<String, Mount> mounts = new ConcurrentSkipListMap<>();

    /** @param root the directory of the volume mounted ({@code /} or {@code /subpath}), existing */
    void add(String path, MemoryFileSystem volume, String root, boolean readOnly) {
        mounts.put(path, new Mount(path, volume, root, readOnly));
    }

    /** Whether a mount serves this normalised path of the space. */
    boolean holds(String clean) {
        return mountOf(clean) != null;
    }

    FileInfo stat(String clean) {
        Mount mount = mountOf(clean);
        return outside(mount, mount.volume().stat(inside(mount, clean)));
    }

    List<FileInfo> list(String clean, int depth) {
        Mount mount = mountOf(clean);
        return mount.volume().list(inside(mount, clean), depth).stream().map(info -> outside(mount, info)).toList();
    }

    void makeDirectories(String clean) {
        Mount mount = writable(clean);
        mount.volume().makeDirectories(inside(mount, clean));
    }

    void remove(String clean) {
        Mount mount = writable(clean);
        if (mount.path().equals(clean)) {
            throw new ConflictException("'" + clean + "' is a mount point: it cannot be removed.");
        }
        mount.volume().remove(inside(mount, clean));
    }

    /** Both paths in one mount (else, like rename(2) across mounts: refused). */
    void rename(String from, String to) {
        Mount mount = writable(from);
        if (mountOf(to) != mount) {
            throw new ConflictException("Cannot move '" + from + "' to '" + to + "': they are on different mounts.");
        }
        mount.volume().rename(inside(mount, from), inside(mount, to));
    }

    byte[] read(String clean) {
        Mount mount = mountOf(clean);
        return mount.volume().read(inside(mount, clean));
    }

    void write(String clean, byte[] content, int mode) {
        Mount mount = writable(clean);
        mount.volume().write(inside(mount, clean), content, mode);
    }

    void symlink(String target, String clean) {
        Mount mount = writable(clean);
        mount.volume().symlink(target, inside(mount, clean));
    }

    Runnable watch(String clean, boolean recursive, Consumer<FileEvent> listener) {
        Mount mount = mountOf(clean);
        return mount.volume().watch(inside(mount, clean), recursive,
                event -> listener.accept(new FileEvent(event.kind(), outside(mount, event.path()))));
    }

    private Mount writable(String clean) {
        Mount mount = mountOf(clean);
        if (mount.readOnly()) {
            throw new ForbiddenException("Read-only file system: '" + clean + "' cannot be changed.");
        }
        return mount;
    }

    private Mount mountOf(String clean) {
        for (Map.Entry<String, Mount> entry = mounts.floorEntry(clean); entry != null;
                entry = mounts.lowerEntry(entry.getKey())) {
            String path = entry.getKey();
            if (clean.equals(path) || clean.startsWith(path + "/")) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String inside(Mount mount, String clean) {
        String rest = clean.substring(mount.path().length());
        return mount.root().equals("/") ? (rest.isEmpty() ? "/" : rest) : mount.root() + rest;
    }

    private static String outside(Mount mount, String path) {
        String rest = mount.root().equals("/") ? path : path.substring(mount.root().length());
        return rest.isEmpty() || rest.equals("/") ? mount.path() : mount.path() + rest;
    }

    private static FileInfo outside(Mount mount, FileInfo info) {
        String path = outside(mount, info.path());
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new FileInfo(path, name, info.type(), info.size(), info.mode(), info.modifiedAt(),
                info.symlinkTarget());
    }
}
