package dev.warren.runtime.memory;

import dev.warren.core.EngineFailureException;
import dev.warren.core.WrongStateException;
import dev.warren.runtime.RuntimeResource;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceSpec;
import dev.warren.runtime.SpaceStatus;
import dev.warren.runtime.SharedMount;
import dev.warren.runtime.SnapshotRef;
import dev.warren.runtime.VolumeFiles;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Spaces in memory, for fast tests of warren's rules: no engine, no network, built-in programs only (see
 * {@link MemoryCommands}). It keeps the contract of {@link SpaceRuntime} (the runtime contract suite runs on it and
 * on Docker and Podman): a fresh file system at every start, volumes that outlive stops, images it does not have
 * fail the start. Like an engine it outlives the server that uses it: {@link #close()} keeps every space.
 * Thread-safe.
 */
public final class InMemorySpaceRuntime implements SpaceRuntime {
    private record Instance(String id, SpaceSpec spec, MemoryFileSystem files, InMemorySpaceAgent agent,
            boolean paused) {}

    private final Set<String> images;
    private final Clock clock;
    private final Map<String, Instance> instances = new HashMap<>();
    /** Space → volume name → content, kept across stops. */
    private final Map<String, Map<String, Map<String, Object>>> volumes = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Users' volumes by name: each one tree, shared live by every space mounting it. */
    private final Map<String, MemoryFileSystem> userVolumes = new HashMap<>();
    private final MemorySnapshots snapshots = new MemorySnapshots();

    /** A runtime that has the image {@code warren-base:latest} only. */
    public InMemorySpaceRuntime() {
        this(Set.of("warren-base:latest"), Clock.systemUTC());
    }

    public InMemorySpaceRuntime(Set<String> images, Clock clock) {
        this.images = Set.copyOf(images);
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public synchronized String start(SpaceSpec spec, Consumer<String> progress) {
        if (!images.contains(spec.image())) {
            progress.accept("Pulling image " + spec.image());
            throw new EngineFailureException("Could not start the space: the image " + spec.image()
                    + " is not present and no registry has it.");
        }
        snapshots.check(spec);
        stop(spec.spaceId());
        Map<String, Map<String, Object>> kept = volumes.computeIfAbsent(spec.spaceId(), id -> new HashMap<>());
        kept.keySet().retainAll(spec.volumes().keySet());
        spec.volumes().keySet().forEach(name -> kept.computeIfAbsent(name, absent -> snapshots.seed(spec, name)));
        MemoryFileSystem files = new MemoryFileSystem(clock);
        snapshots.restoreTree(spec, files);
        files.makeDirectories("/tmp");
        files.makeDirectories("/root");
        files.write("/etc/hostname", (spec.hostname() + "\n").getBytes(StandardCharsets.UTF_8), 0644);
        spec.volumes().forEach((name, path) -> files.restore(path, kept.getOrDefault(name, Map.of())));
        for (SharedMount mount : spec.sharedVolumes()) {
            MemoryFileSystem volume = userVolumes.computeIfAbsent(mount.volume(), name -> new MemoryFileSystem(clock));
            String root = mount.subpath().isEmpty() ? "/" : "/" + mount.subpath();
            new MemoryVolumeFiles(volume).makeDirectories(root); // as on an engine: created, never through a link out
            files.mount(mount.mountPath(), volume, root, mount.readOnly());
        }
        if (!spec.workdir().isBlank()) {
            files.makeDirectories(spec.workdir());
        }
        String id = "memory-" + ids.incrementAndGet();
        InMemorySpaceAgent agent = new InMemorySpaceAgent(files, spec.environment(), spec.workdir(), spec.hostname(),
                spec.command(), clock);
        instances.put(spec.spaceId(), new Instance(id, spec, files, agent, false));
        return id;
    }

    @Override
    public synchronized void stop(String spaceId) {
        Instance instance = instances.remove(spaceId);
        if (instance == null) {
            return;
        }
        Map<String, Map<String, Object>> kept = volumes.computeIfAbsent(spaceId, id -> new HashMap<>());
        instance.spec().volumes().forEach((name, path) -> kept.put(name, instance.files().export(path)));
        instance.agent().stopAll();
    }

    @Override
    public synchronized void destroy(String spaceId) {
        stop(spaceId);
        volumes.remove(spaceId);
    }

    @Override
    public synchronized void pause(String spaceId) {
        Instance instance = running(spaceId, "pause");
        instances.put(spaceId, new Instance(instance.id(), instance.spec(), instance.files(), instance.agent(), true));
    }

    @Override
    public synchronized void resume(String spaceId) {
        Instance instance = running(spaceId, "resume");
        instances.put(spaceId, new Instance(instance.id(), instance.spec(), instance.files(), instance.agent(), false));
    }

    @Override
    public synchronized Optional<SpaceStatus> inspect(String spaceId) {
        return Optional.ofNullable(instances.get(spaceId)).map(instance -> new SpaceStatus(spaceId, instance.id(),
                true, instance.paused(), Optional.empty(), OptionalLong.empty()));
    }

    @Override
    public synchronized SpaceAgent agent(String spaceId) {
        return running(spaceId, "reach").agent();
    }

    @Override
    public synchronized void createVolume(String name) {
        userVolumes.computeIfAbsent(name, created -> new MemoryFileSystem(clock));
    }

    @Override
    public synchronized void removeVolume(String name) {
        userVolumes.remove(name);
    }

    @Override
    public synchronized VolumeFiles volumeFiles(String name) {
        MemoryFileSystem volume = userVolumes.get(name);
        if (volume == null) {
            throw new EngineFailureException("The runtime has no volume " + name + ".");
        }
        return new MemoryVolumeFiles(volume);
    }

    @Override
    public synchronized SnapshotRef snapshot(String spaceId, String snapshotId) {
        Instance instance = running(spaceId, "snapshot");
        return snapshots.take(snapshotId, instance.spec(), instance.files());
    }

    @Override
    public synchronized void removeSnapshot(String snapshotId) {
        if (instances.values().stream().anyMatch(instance -> instance.spec().snapshot().equals(
                Optional.of(snapshotId)))) { // as an engine refuses to remove an image a container uses
            throw new EngineFailureException("Could not remove the snapshot: a space made from it runs.");
        }
        snapshots.remove(snapshotId);
    }

    @Override
    public synchronized void removeSnapshotLeftovers(Predicate<String> snapshotExists) {
        snapshots.removeLeftovers(snapshotExists);
    }

    @Override
    public synchronized List<RuntimeResource> resources() {
        List<RuntimeResource> found = new ArrayList<>();
        instances.forEach((spaceId, instance) -> found.add(
                new RuntimeResource("instance", instance.id(), spaceId, true)));
        volumes.forEach((spaceId, named) -> named.keySet().forEach(name -> found.add(
                new RuntimeResource("volume", spaceId + "-" + name, spaceId, false))));
        userVolumes.keySet().forEach(name -> found.add(new RuntimeResource("user-volume", name, "", false)));
        found.addAll(snapshots.resources());
        return found;
    }

    @Override
    public synchronized void removeLeftovers(Predicate<String> spaceExists) {
        for (String spaceId : List.copyOf(instances.keySet())) {
            if (!spaceExists.test(spaceId)) {
                destroy(spaceId);
            }
        }
        volumes.keySet().removeIf(spaceId -> !spaceExists.test(spaceId));
    }

    /** Keeps every space: like an engine, this runtime outlives the server that uses it. */
    @Override
    public void close() {
    }

    private Instance running(String spaceId, String action) {
        Instance instance = instances.get(spaceId);
        if (instance == null) {
            throw new WrongStateException("Cannot " + action + " the space: it does not run.");
        }
        return instance;
    }
}
