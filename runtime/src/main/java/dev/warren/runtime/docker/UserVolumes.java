package dev.warren.runtime.docker;

import dev.warren.core.ConflictException;
import dev.warren.core.EngineFailureException;
import dev.warren.engine.ContainerSpec;
import dev.warren.engine.Engine;
import dev.warren.engine.VolumeSummary;
import dev.warren.runtime.RuntimeResource;
import dev.warren.runtime.SharedMount;
import dev.warren.runtime.SpaceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users' volumes on Docker and Podman: one engine volume per warren volume, labelled with the instance and
 * {@link #USER_VOLUME} but never with a space (so {@code removeLeftovers} cannot take one for a deleted space's).
 * Spaces mount them as bind mounts of the volume's host directory (Docker 20.10 has no volume subpath; Podman takes
 * the same path, so there is one code path): the subpath is resolved component by component without following links
 * and created when missing, and once the container runs — before anything of the space does — the directory mounted
 * is checked to be the one resolved (device and inode), so a link swapped in meanwhile by another space fails the
 * start instead of mounting something else. Needs the engine on this host; a remote engine's volumes are refused
 * with a sentence (409).
 */
final class UserVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(UserVolumes.class);
    /** Label of a user volume, holding the name the server gave it. */
    static final String USER_VOLUME = "dev.warren.user-volume";

    private final Engine engine;
    private final SpaceLabels labels;
    /** What each space's mounts must turn out to be, from {@link #mount} until {@link #verify}. */
    private final Map<String, List<Expected>> pending = new ConcurrentHashMap<>();

    UserVolumes(Engine engine, SpaceLabels labels) {
        this.engine = engine;
        this.labels = labels;
    }

    /** The engine's name of the volume the server calls {@code name}. */
    String engineName(String name) {
        return "warren-" + labels.instanceId() + "-volume-" + name;
    }

    void create(String name) {
        Map<String, String> volumeLabels = new HashMap<>(labels.instance());
        volumeLabels.put(USER_VOLUME, name);
        engine.createVolume(engineName(name), volumeLabels);
    }

    void remove(String name) {
        engine.removeVolume(engineName(name));
    }

    /** Whether an engine volume is a user volume (kept by leftover clean-ups). */
    static boolean isUserVolume(VolumeSummary volume) {
        return volume.labels().containsKey(USER_VOLUME);
    }

    List<RuntimeResource> resources() {
        List<RuntimeResource> found = new ArrayList<>();
        for (VolumeSummary volume : engine.listVolumes(labels.instance())) {
            if (isUserVolume(volume)) {
                found.add(new RuntimeResource("user-volume", volume.name(), "", false));
            }
        }
        return found;
    }

    /** The volume's files on this host. */
    HostVolumeFiles files(String name) {
        return new HostVolumeFiles(root(name));
    }

    /**
     * Adds the space's user volumes to the container as bind mounts and remembers what each must turn out to be
     * ({@link #verify}).
     */
    void mount(SpaceSpec spec, ContainerSpec.Builder builder) {
        List<Expected> expected = new ArrayList<>();
        for (SharedMount mount : spec.sharedVolumes()) {
            create(mount.volume()); // idempotent: a volume the engine lost comes back empty rather than failing
            Path directory = directory(mount);
            builder.bind(directory.toString(), mount.mountPath(), mount.readOnly());
            expected.add(new Expected(mount.mountPath(), directory, fileKey(directory)));
        }
        pending.put(spec.spaceId(), expected);
    }

    /** A mount as resolved: the host directory and its identity (device and inode). */
    record Expected(String mountPath, Path directory, Object fileKey) {}

    /**
     * Checks, through {@code /proc/<pid>/root}, that every user volume mounted in the running container (whose agent
     * still holds the space's command) is the directory resolved before it was created; if not, the container is
     * removed and the start fails.
     */
    void verify(String spaceId, long hostPid) {
        List<Expected> expected = pending.remove(spaceId);
        for (Expected mount : expected == null ? List.<Expected>of() : expected) {
            Path inside = Path.of("/proc", Long.toString(hostPid), "root", mount.mountPath().substring(1));
            Object actual;
            try {
                actual = Files.readAttributes(inside, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
            } catch (IOException error) {
                engine.removeContainer(labels.containerName(spaceId), true);
                throw new EngineFailureException("Could not check the volume mounted at " + mount.mountPath()
                        + " of space " + spaceId + ": " + error.getMessage(), error);
            }
            if (!Objects.equals(actual, mount.fileKey())) {
                engine.removeContainer(labels.containerName(spaceId), true);
                throw new ConflictException("The volume directory mounted at " + mount.mountPath() + " changed while"
                        + " the space started (a link was put in its place); the start was stopped. Start it again.");
            }
        }
    }

    /** The volume's host directory, which must be on this machine. */
    private Path root(String name) {
        String mountpoint = engine.volumeMountpoint(engineName(name)).orElseThrow(() ->
                new EngineFailureException("The engine has no volume " + engineName(name) + "."));
        Path root = Path.of(mountpoint);
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConflictException("The volume's data is on the engine's host (" + mountpoint + "), which is not"
                    + " this machine: volumes need warren to run beside its engine.");
        }
        return root;
    }

    /** The directory to mount: the volume's root, or its subpath resolved inside it and created when missing. */
    private Path directory(SharedMount mount) {
        Path root = root(mount.volume());
        return mount.subpath().isEmpty() ? root : new HostVolumeFiles(root).directory("/" + mount.subpath());
    }

    private static Object fileKey(Path directory) {
        try {
            return Files.readAttributes(directory, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException error) {
            LOG.debug("Could not read the identity of {}: {}", directory, error.getMessage());
            throw new EngineFailureException("Could not look at the volume directory " + directory + ": "
                    + error.getMessage(), error);
        }
    }
}
