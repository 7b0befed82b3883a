package dev.warren.server.spaces;

import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.runtime.Bounded;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceStatus;
import dev.warren.runtime.StopReason;
import dev.warren.store.SpaceDesiredStateStore;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the store and the runtime agree: at start-up (finishing transitions a crash cut short) and periodically
 * (a space whose instance died or vanished is stopped — and started again when its user wants it running; a running
 * space whose agent does not answer is marked unhealthy). The store is the source of truth for which spaces exist; the runtime for whether they run. What the
 * runtime holds for spaces whose row is gone is removed: it belongs to a delete that was cut short. No space row is
 * ever removed here except one that was being deleted.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final java.time.Duration HEALTH_LIMIT = java.time.Duration.ofSeconds(3);

    private final java.util.function.Predicate<String> pooled;
    private final SpaceStore spaces;
    private final SpaceRuntime runtime;
    private final SpaceLifecycleManager lifecycle;
    private final SpaceLocks locks;
    private final SpaceHealth health;
    private final SpaceDesiredStateStore desired;
    private final RestoreBackoff backoff;
    private final boolean restoreRunning;
    private volatile boolean runtimeWasDown;

    /**
     * @param restoreRunning start again the spaces their users want running when the runtime lost them (an engine
     *                       or host restart); off: such spaces are only marked stopped
     */
    public Reconciler(SpaceStore spaces, SpaceRuntime runtime, SpaceLifecycleManager lifecycle, SpaceLocks locks,
            SpaceHealth health, SpaceDesiredStateStore desired, boolean restoreRunning, Clock clock) {
        this(spaces, runtime, lifecycle, locks, health, desired, restoreRunning, clock, id -> false);
    }

    /** @param pooled whether an id is a warm-pool member's (its container is kept though no space has its id yet) */
    public Reconciler(SpaceStore spaces, SpaceRuntime runtime, SpaceLifecycleManager lifecycle, SpaceLocks locks,
            SpaceHealth health, SpaceDesiredStateStore desired, boolean restoreRunning, Clock clock,
            java.util.function.Predicate<String> pooled) {
        this.pooled = pooled;
        this.desired = desired;
        this.restoreRunning = restoreRunning;
        this.backoff = new RestoreBackoff(clock);
        this.spaces = spaces;
        this.runtime = runtime;
        this.lifecycle = lifecycle;
        this.locks = locks;
        this.health = health;
    }

    /**
     * One pass. Skips spaces another thread is changing right now, and everything while the runtime does not answer
     * (nothing is marked stopped because the engine is down). Never throws: the next pass retries.
     */
    public void reconcile() {
        if (!runtimeAnswers()) {
            return;
        }
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
        restoreWanted();
        runtime.removeLeftovers(spaceId -> known.contains(spaceId) || spaces.findById(spaceId).isPresent()
                || pooled.test(spaceId));
    }

    private boolean runtimeAnswers() {
        try {
            Bounded.call(runtime::describe, HEALTH_LIMIT, "The runtime");
            if (runtimeWasDown) {
                LOG.info("The runtime answers again; reconciling.");
                runtimeWasDown = false;
            }
            return true;
        } catch (RuntimeException down) {
            if (!runtimeWasDown) {
                LOG.warn("The runtime does not answer ({}); spaces keep their last known state until it does.",
                        down.getMessage());
                runtimeWasDown = true;
            }
            return false;
        }
    }

    /**
     * Starts again, in dependency order, the spaces their users want running that do not run (the engine or the host
     * restarted, the server crashed): desired state, like an engine's restart policy. A start that fails is retried
     * with backoff and its sentence shown on the space.
     */
    private void restoreWanted() {
        if (!restoreRunning) {
            return;
        }
        for (String spaceId : desired.wantedRunning()) {
            Optional<Space> space = spaces.findById(spaceId);
            if (space.isEmpty() || space.get().state() != SpaceState.STOPPED || locks.isBusy(spaceId)
                    || !backoff.due(spaceId)) {
                continue;
            }
            try {
                lifecycle.start(space.get(), SpaceChanged.SYSTEM);
                backoff.succeeded(spaceId);
                LOG.info("Space {} was wanted running and runs again.", space.get().name());
            } catch (RuntimeException failed) {
                Duration wait = backoff.failed(spaceId);
                health.stopped(spaceId, "warren could not start it again after it was lost: " + failed.getMessage()
                        + " Next try in " + wait.toSeconds() + " s.");
                LOG.warn("Space {} could not be started again (next try in {} s): {}", space.get().name(),
                        wait.toSeconds(), failed.getMessage());
                lifecycle.save(lifecycle.reload(spaceId));
            }
        }
    }

    private void reconcileOne(Space space) {
        Optional<SpaceStatus> status = runtime.inspect(space.id());
        boolean running = status.map(SpaceStatus::running).orElse(false);
        switch (space.state()) {
            case DELETING -> {
                LOG.info("Finishing the delete of space {} cut short earlier.", space.name());
                lifecycle.finishDelete(space, SpaceChanged.SYSTEM);
            }
            case RUNNING, STARTING, PAUSED -> {
                if (running && space.state() == SpaceState.STARTING && !agentAnswers(space)) {
                    // Cut short before the space was ready (its network rules not in place, its agent held):
                    // undo it; a space wanted running is started afresh below.
                    LOG.info("Space {} was starting when the server stopped, before it was ready; undoing the start.",
                            space.name());
                    runtime.stop(space.id());
                    lifecycle.revokeSpaceTokens(space.id());
                    lifecycle.save(space.withRuntime(SpaceState.STOPPED, null, space.appliedTemplateHash()),
                            SpaceState.STARTING, SpaceChanged.SYSTEM);
                    return;
                }
                if (running && space.state() == SpaceState.STARTING) {
                    LOG.info("Space {} was starting when the server stopped; it runs.", space.name());
                    lifecycle.save(space.withState(SpaceState.RUNNING), SpaceState.STARTING, SpaceChanged.SYSTEM);
                } else if (!running) {
                    // Asked before the stop, which removes what the runtime knows (an OOM kill, say).
                    Optional<StopReason> reason = status.isPresent() ? runtime.stopReason(space.id())
                            : Optional.empty();
                    LOG.info("Space {} does not run any more; marking it stopped. {}", space.name(),
                            reason.map(StopReason::sentence).orElse(""));
                    if (reason.filter(StopReason::outOfMemory).isPresent()) {
                        // Its own doing, not a loss: starting it again as it is would run out of memory again.
                        desired.want(space.id(), false);
                    }
                    runtime.stop(space.id());
                    lifecycle.revokeSpaceTokens(space.id()); // its token ends with it, as on every stop
                    health.forget(space.id());
                    reason.ifPresent(why -> health.stopped(space.id(), why.sentence()));
                    lifecycle.save(space.withRuntime(SpaceState.STOPPED, null, space.appliedTemplateHash()),
                            space.state(), SpaceChanged.SYSTEM);
                }
                if (running && space.state() != SpaceState.STARTING) {
                    followFreezer(space, status.get().paused());
                }
                if (running && !status.get().paused()) {
                    checkAgent(space);
                }
            }
            case STOPPING, STOPPED -> {
                if (status.isPresent()) {
                    runtime.stop(space.id()); // a stopped space has nothing in the runtime
                }
                health.forget(space.id());
                if (space.state() == SpaceState.STOPPING) {
                    lifecycle.revokeSpaceTokens(space.id()); // a stop cut short may not have got that far
                    lifecycle.save(space.withRuntime(SpaceState.STOPPED, null, space.appliedTemplateHash()),
                            SpaceState.STOPPING, SpaceChanged.SYSTEM);
                }
            }
        }
    }

    /**
     * The runtime is the truth on whether a space is frozen: a pause or resume cut short between the runtime and
     * the store (or done with the engine's own tools) is written down as it is.
     */
    private void followFreezer(Space space, boolean frozen) {
        if (frozen && space.state() == SpaceState.RUNNING) {
            LOG.info("Space {} is frozen in the runtime; marking it paused.", space.name());
            lifecycle.save(space.withState(SpaceState.PAUSED), SpaceState.RUNNING, SpaceChanged.SYSTEM);
        } else if (!frozen && space.state() == SpaceState.PAUSED) {
            LOG.info("Space {} runs unfrozen in the runtime; marking it running.", space.name());
            lifecycle.save(space.withState(SpaceState.RUNNING), SpaceState.PAUSED, SpaceChanged.SYSTEM);
        }
    }

    private boolean agentAnswers(Space space) {
        try {
            runtime.agent(space.id()).health(HEALTH_LIMIT);
            return true;
        } catch (RuntimeException silent) {
            return false;
        }
    }

    /** A running space whose agent does not answer is unhealthy until it answers again (or the space restarts). */
    private void checkAgent(Space space) {
        try {
            runtime.agent(space.id()).health(HEALTH_LIMIT);
            if (health.healthy(space.id())) {
                return;
            }
            health.forget(space.id());
            LOG.info("The agent of space {} answers again.", space.name());
        } catch (RuntimeException silent) {
            if (!health.healthy(space.id())) {
                return;
            }
            health.unhealthy(space.id(), "The space runs but its agent does not answer (" + silent.getMessage()
                    + "); restart the space to bring it back.");
            LOG.warn("The agent of space {} does not answer: {}", space.name(), silent.getMessage());
        }
        lifecycle.save(lifecycle.reload(space.id())); // as it is now: this pass may have changed its state
    }
}
