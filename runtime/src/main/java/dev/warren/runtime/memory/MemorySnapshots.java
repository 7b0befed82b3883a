package dev.warren.runtime.memory;

import dev.warren.core.EngineFailureException;
import dev.warren.runtime.RuntimeResource;
import dev.warren.runtime.SnapshotRef;
import dev.warren.runtime.SpaceSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Snapshots in memory, as the engines keep them: a copy of a space's own file tree (its volumes and users' volumes
 * left out) standing in for the committed image, and a copy of each of its volumes. Nodes are immutable, so copies
 * share them. Guarded by the runtime's lock.
 */
final class MemorySnapshots {
    private record Saved(Map<String, Object> tree, Map<String, Map<String, Object>> volumes) {}

    private final Map<String, Saved> saved = new HashMap<>();

    SnapshotRef take(String snapshotId, SpaceSpec spec, MemoryFileSystem files) {
        Map<String, Object> tree = new TreeMap<>(files.export("/"));
        // Keys are relative to "/": a volume at /data holds "data" and "data/...".
        spec.volumes().values().forEach(path -> tree.keySet().removeIf(key -> under("/" + key, path)));
        Map<String, Map<String, Object>> volumes = new HashMap<>();
        spec.volumes().forEach((name, path) -> volumes.put(name, files.export(path)));
        saved.put(snapshotId, new Saved(tree, volumes));
        return new SnapshotRef(snapshotId, "memory-snapshot-" + snapshotId, List.copyOf(volumes.keySet()));
    }

    /** Puts the snapshot's file tree into a new space's files (before its volumes are mounted). */
    void restoreTree(SpaceSpec spec, MemoryFileSystem files) {
        spec.snapshot().ifPresent(id -> files.restore("/", require(id).tree()));
    }

    /** The content a space's volume starts with when it does not exist yet: its snapshot's copy, or nothing. */
    Map<String, Object> seed(SpaceSpec spec, String volume) {
        return spec.snapshot().map(id -> require(id).volumes().getOrDefault(volume, Map.of())).orElse(Map.of());
    }

    /** Fails the start of a space whose snapshot is gone, before anything of it is made. */
    void check(SpaceSpec spec) {
        spec.snapshot().ifPresent(this::require);
    }

    void remove(String snapshotId) {
        saved.remove(snapshotId);
    }

    void removeLeftovers(Predicate<String> snapshotExists) {
        saved.keySet().removeIf(snapshotId -> !snapshotExists.test(snapshotId));
    }

    List<RuntimeResource> resources() {
        return saved.keySet().stream()
                .map(snapshotId -> new RuntimeResource("snapshot", "memory-snapshot-" + snapshotId, "", false))
                .toList();
    }

    private Saved require(String snapshotId) {
        Saved found = saved.get(snapshotId);
        if (found == null) {
            throw new EngineFailureException("Could not start the space: the snapshot " + snapshotId
                    + " it was made from is gone.");
        }
        return found;
    }

    private static boolean under(String path, String root) {
        String clean = MemoryFileSystem.normal(root);
        return path.equals(clean) || path.startsWith(clean.equals("/") ? "/" : clean + "/");
    }
}
