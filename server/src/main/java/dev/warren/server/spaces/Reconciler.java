package dev.warren.server.spaces;

import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.engine.ContainerState;
import dev.warren.engine.ContainerSummary;
import dev.warren.engine.Engine;
import dev.warren.engine.VolumeSummary;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the store and the engine agree: at start-up (finishing transitions a crash cut short) and periodically
 * (a container that died or vanished means a stopped space). The store is the source of truth for which spaces
 * exist; the engine for whether they run. Containers and volumes of this instance whose space row is gone are
 * removed: they belong to a delete that was cut short. No space row is ever removed here except one that was
 * being deleted.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final SpaceStore spaces;
    private final Engine engine;
    private final SpaceRuntime runtime;
    private final SpaceLifecycleManager lifecycle;
    private final SpaceLocks locks;
    private final SpaceLabels labels;

    public Reconciler(SpaceStore spaces, Engine engine, SpaceRuntime runtime, SpaceLifecycleManager lifecycle,
            SpaceLocks locks, SpaceLabels labels) {
        this.spaces = spaces;
        this.engine = engine;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.locks = locks;
        this.labels = labels;
    }

    /** One pass. Skips spaces another thread is changing right now. Never throws: the next pass retries. */
    public void reconcile() {
        Set<String> known = new HashSet<>();
        for (Space space : spaces.listAll()) {
            known.add(space.id());
            if (locks.isBusy(space.id())) {
                continue;
            }
            try {
                locks.with(space.id(), () -> {
                    spaces.findById(space.id()).ifPresent(this::reconcileOne);
                    return null;
                });
            } catch (RuntimeException error) {
                LOG.warn("Could not reconcile space {} ({}): {}", space.name(), space.id(), error.getMessage());
            }
        }
        removeOrphans(known);
    }

    private void reconcileOne(Space space) {
        Optional<ContainerState> container = runtime.inspect(space.id());
        boolean running = container.map(ContainerState::running).orElse(false);
        switch (space.state()) {
            case DELETING -> {
                LOG.info("Finishing the delete of space {} cut short earlier.", space.name());
                lifecycle.finishDelete(space);
            }
            case RUNNING, STARTING -> {
                if (running && space.state() == SpaceState.STARTING) {
                    LOG.info("Space {} was starting when the server stopped; its container runs.", space.name());
                    lifecycle.save(space.withState(SpaceState.RUNNING));
                } else if (!running) {
                    LOG.info("Space {} has no running container; marking it stopped.", space.name());
                    runtime.stop(space.id());
                    lifecycle.save(space.withRuntime(SpaceState.STOPPED, null, space.appliedTemplateHash()));
                }
            }
            case STOPPING, STOPPED -> {
                if (container.isPresent()) {
                    runtime.stop(space.id()); // a stopped space has no container
                }
                if (space.state() == SpaceState.STOPPING) {
                    lifecycle.save(space.withRuntime(SpaceState.STOPPED, null, space.appliedTemplateHash()));
                }
            }
        }
    }

    private void removeOrphans(Set<String> known) {
        try {
            for (ContainerSummary container : engine.listContainers(labels.instance())) {
                String spaceId = container.labels().get(SpaceLabels.SPACE);
                if (spaceId != null && !known.contains(spaceId) && spaces.findById(spaceId).isEmpty()) {
                    LOG.info("Removing container {} of a deleted space.", container.name());
                    engine.removeContainer(container.id(), true);
                }
            }
            for (VolumeSummary volume : engine.listVolumes(labels.instance())) {
                String spaceId = volume.labels().get(SpaceLabels.SPACE);
                if (spaceId != null && !known.contains(spaceId) && spaces.findById(spaceId).isEmpty()) {
                    LOG.info("Removing volume {} of a deleted space.", volume.name());
                    engine.removeVolume(volume.name());
                }
            }
        } catch (RuntimeException error) {
            LOG.warn("Could not look for leftovers of deleted spaces: {}", error.getMessage());
        }
    }
}
