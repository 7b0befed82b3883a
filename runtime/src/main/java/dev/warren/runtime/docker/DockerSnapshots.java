package dev.warren.runtime.docker;

import dev.warren.core.WrongStateException;
import dev.warren.engine.ContainerState;
import dev.warren.engine.Engine;
import dev.warren.engine.EngineException;
import dev.warren.engine.ImageSummary;
import dev.warren.engine.VolumeSummary;
import dev.warren.runtime.SnapshotRef;
import dev.warren.runtime.SpaceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Snapshots of spaces on Docker or Podman: the container committed to an image ({@code warren-<instance>-snapshots:
 * <snapshot>}) and each per-space volume copied on the host into a snapshot volume, all labelled with this instance
 * and the snapshot. The container is frozen (cgroup freezer) from before the commit until the last volume is copied,
 * so image and volumes hold one moment; bind mounts (the agent's {@code /.warren}, the CLI at {@code /opt/warren})
 * are never part of a commit. A space made from a snapshot gets the image as its file system and, at its first
 * start, copies of the snapshot's volumes.
 *
 * <p>An image inherits its container's labels and a container its image's, so containers made from a snapshot carry
 * its snapshot label too: never select containers by it. Engine failures leave as {@link EngineException}s, which
 * {@link DockerSpaceRuntime} translates.
 */
final class DockerSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSnapshots.class);
    static final String SNAPSHOT = "dev.warren.snapshot";

    private final Engine engine;
    private final SpaceLabels labels;
    private final HostCopy copy = new HostCopy(Duration.ofMinutes(30));

    DockerSnapshots(Engine engine, SpaceLabels labels) {
        this.engine = engine;
        this.labels = labels;
    }

    String image(String snapshotId) {
        return repository() + ":" + snapshotId;
    }

    private String repository() {
        return "warren-" + labels.instanceId() + "-snapshots";
    }

    private String volumeName(String snapshotId, String volume) {
        return "warren-" + labels.instanceId() + "-snapshot-" + snapshotId + "-" + volume;
    }

    private Map<String, String> snapshotLabels(String snapshotId) {
        return Map.of(SpaceLabels.INSTANCE, labels.instanceId(), SNAPSHOT, snapshotId);
    }

    SnapshotRef take(String spaceId, String snapshotId) {
        String container = labels.containerName(spaceId);
        ContainerState state = engine.inspectContainer(container).filter(ContainerState::running)
                .orElseThrow(() -> new WrongStateException("Cannot snapshot the space: it does not run."));
        boolean wasPaused = "paused".equals(state.status());
        if (!wasPaused) {
            engine.pauseContainer(container);
        }
        try {
            engine.commit(container, repository(), snapshotId, snapshotLabels(snapshotId), true);
            List<String> copied = new ArrayList<>();
            for (VolumeSummary volume : engine.listVolumes(labels.spaceOnly(spaceId))) {
                String logical = volume.labels().get(SpaceLabels.VOLUME);
                if (logical == null || logical.isBlank()) {
                    continue;
                }
                String target = volumeName(snapshotId, logical);
                Map<String, String> volumeLabels = new HashMap<>(snapshotLabels(snapshotId));
                volumeLabels.put(SpaceLabels.VOLUME, logical);
                engine.createVolume(target, volumeLabels);
                copy.copy(volume.name(), mountpoint(volume.name()), mountpoint(target));
                copied.add(logical);
            }
            return new SnapshotRef(snapshotId, image(snapshotId), copied);
        } catch (RuntimeException failed) {
            removeQuietly(snapshotId);
            throw failed;
        } finally {
            if (!wasPaused) {
                engine.resumeContainer(container);
            }
        }
    }

    /** The image a space starts from: its snapshot's when it was made from one, else its template's. */
    String imageOf(SpaceSpec spec) {
        if (spec.snapshot().isEmpty()) {
            return spec.image();
        }
        String image = image(spec.snapshot().get());
        if (!engine.imageExists(image)) {
            throw new EngineException("The snapshot " + spec.snapshot().get() + " the space was made from has no"
                    + " image on the engine any more.");
        }
        return image;
    }

    /**
     * Fills the space's volumes that do not exist yet from its snapshot's copies, before its container is made (an
     * engine copies an image's files into an empty volume only; these are not empty then). Volumes the space already
     * has are its own and stay as they are.
     */
    void seedVolumes(SpaceSpec spec) {
        if (spec.snapshot().isEmpty()) {
            return;
        }
        String snapshotId = spec.snapshot().get();
        Set<String> existing = engine.listVolumes(labels.spaceOnly(spec.spaceId())).stream()
                .map(volume -> volume.labels().getOrDefault(SpaceLabels.VOLUME, "")).collect(Collectors.toSet());
        Map<String, String> saved = engine.listVolumes(snapshotLabels(snapshotId)).stream()
                .filter(volume -> volume.labels().containsKey(SpaceLabels.VOLUME))
                .collect(Collectors.toMap(volume -> volume.labels().get(SpaceLabels.VOLUME), VolumeSummary::name,
                        (first, second) -> first));
        for (String name : spec.volumes().keySet()) {
            if (existing.contains(name) || !saved.containsKey(name)) {
                continue;
            }
            Map<String, String> volumeLabels = new HashMap<>(labels.space(spec.spaceId(), spec.ownerId()));
            volumeLabels.put(SpaceLabels.VOLUME, name);
            String target = labels.volumeName(spec.spaceId(), name);
            engine.createVolume(target, volumeLabels);
            copy.copy(saved.get(name), mountpoint(saved.get(name)), mountpoint(target));
        }
    }

    /** Removes the image and the volume copies. Idempotent; fails while a container uses the image. */
    void remove(String snapshotId) {
        engine.removeImage(image(snapshotId));
        for (VolumeSummary volume : engine.listVolumes(snapshotLabels(snapshotId))) {
            engine.removeVolume(volume.name());
        }
    }

    void removeLeftovers(Predicate<String> snapshotExists) {
        try {
            for (ImageSummary image : engine.listImages(labels.instance())) {
                Optional<String> snapshotId = snapshotOf(image);
                if (snapshotId.isPresent() && !snapshotExists.test(snapshotId.get())) {
                    LOG.info("Removing image {} of a snapshot that does not exist.", image(snapshotId.get()));
                    attempt(() -> engine.removeImage(image(snapshotId.get())));
                }
            }
            for (VolumeSummary volume : engine.listVolumes(labels.instance())) {
                String snapshotId = volume.labels().get(SNAPSHOT);
                if (snapshotId != null && !snapshotExists.test(snapshotId)) {
                    LOG.info("Removing volume {} of a snapshot that does not exist.", volume.name());
                    attempt(() -> engine.removeVolume(volume.name()));
                }
            }
        } catch (RuntimeException error) {
            LOG.warn("Could not look for leftovers of snapshots: {}", error.getMessage());
        }
    }

    /** The snapshot ids this instance holds images or volumes of (for tests and housekeeping). */
    Set<String> held() {
        Set<String> found = new java.util.TreeSet<>();
        engine.listImages(labels.instance()).stream().map(this::snapshotOf).flatMap(Optional::stream)
                .forEach(found::add);
        engine.listVolumes(labels.instance()).stream().map(volume -> volume.labels().get(SNAPSHOT))
                .filter(id -> id != null).forEach(found::add);
        return found;
    }

    /**
     * The snapshot whose image this is, when it is still tagged as such: an untagged one is the base of a newer
     * snapshot's image (a snapshot of a space made from a snapshot) and goes with the last of those.
     */
    private Optional<String> snapshotOf(ImageSummary image) {
        String snapshotId = image.labels().get(SNAPSHOT);
        return snapshotId != null && image.references().stream()
                .anyMatch(reference -> reference.endsWith(image(snapshotId)))
                ? Optional.of(snapshotId) : Optional.empty();
    }

    private String mountpoint(String volume) {
        Optional<String> found = engine.volumeMountpoint(volume);
        return found.orElseThrow(() -> new EngineException("There is no volume " + volume + " on the engine."));
    }

    private void removeQuietly(String snapshotId) {
        try {
            remove(snapshotId);
        } catch (RuntimeException leftover) {
            LOG.warn("Could not remove the parts of snapshot {} made before it failed; the next pass for leftovers"
                    + " removes them: {}", snapshotId, leftover.getMessage());
        }
    }

    private static void attempt(Runnable removal) {
        try {
            removal.run();
        } catch (RuntimeException failed) {
            LOG.warn("{}", failed.getMessage());
        }
    }
}
