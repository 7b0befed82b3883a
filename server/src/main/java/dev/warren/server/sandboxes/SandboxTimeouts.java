package dev.warren.server.sandboxes;

import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.server.spaces.SpaceActivity;
import dev.warren.server.spaces.SpaceLifecycleManager;
import dev.warren.store.SandboxStore;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What happens when a sandbox's time is up, or it went unused for its idle timeout: {@code kill} stops and deletes
 * it; {@code pause} freezes it and gives it {@code pausedRetention} more, after which {@link PausedRetention} ends the
 * pause (a paused sandbox holds memory; the server's keeps its files in a snapshot and stops it). Run every second from the server's start, so a sandbox whose time ran out while the server was down is
 * dealt with at once. One failure does not stop the others; they are tried again at the next pass. Thread-safe.
 */
public final class SandboxTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxTimeouts.class);
    static final String TIMEOUT_ACTOR = "system (timeout)";
    static final String IDLE_ACTOR = "system (idle timeout)";

    private final SpaceStore spaces;
    private final SandboxStore sandboxes;
    private final SpaceLifecycleManager lifecycle;
    private final SpaceActivity activity;
    private final Duration pausedRetention;
    private final PausedRetention retention;
    private final Clock clock;

    /** @param pausedRetention how long a sandbox paused by its timeout stays paused before it is killed */
    public SandboxTimeouts(SpaceStore spaces, SandboxStore sandboxes, SpaceLifecycleManager lifecycle,
            SpaceActivity activity, Duration pausedRetention, Clock clock) {
        this(spaces, sandboxes, lifecycle, activity, pausedRetention, (space, sandbox) -> end(lifecycle, space,
                TIMEOUT_ACTOR), clock);
    }

    /** @param retention what ends the pause of a sandbox paused longer than {@code pausedRetention} */
    public SandboxTimeouts(SpaceStore spaces, SandboxStore sandboxes, SpaceLifecycleManager lifecycle,
            SpaceActivity activity, Duration pausedRetention, PausedRetention retention, Clock clock) {
        this.retention = retention;
        this.spaces = spaces;
        this.sandboxes = sandboxes;
        this.lifecycle = lifecycle;
        this.activity = activity;
        this.pausedRetention = pausedRetention;
        this.clock = clock;
    }

    /** One pass: sandboxes whose time is up, then idle ones. Never throws. */
    public void enforce() {
        try {
            for (String id : sandboxes.dueAt(clock.instant())) {
                spaces.findById(id).ifPresent(space -> sandboxes.find(id).ifPresent(sandbox ->
                        act(space, sandbox, TIMEOUT_ACTOR)));
            }
            Instant now = clock.instant();
            for (Sandbox sandbox : sandboxes.withIdleTimeout()) {
                Space space = spaces.findById(sandbox.spaceId()).orElse(null);
                if (space != null && space.state() == SpaceState.RUNNING
                        && !activity.lastUsed(space.id()).plus(sandbox.idleTimeout()).isAfter(now)) {
                    act(space, sandbox, IDLE_ACTOR);
                }
            }
        } catch (RuntimeException failed) {
            LOG.warn("Could not check sandbox timeouts; trying again shortly: {}", failed.getMessage());
        }
    }

    private void act(Space space, Sandbox sandbox, String actor) {
        try {
            boolean pauseIt = sandbox.onTimeout() == Sandbox.TimeoutAction.PAUSE && space.state() == SpaceState.RUNNING;
            if (pauseIt) {
                lifecycle.pause(space, actor);
                sandboxes.setEndsAt(space.id(), clock.instant().plus(pausedRetention));
                LOG.info("Paused sandbox {} ({}); it is killed if still paused in {} s.", space.name(), actor,
                        pausedRetention.toSeconds());
            } else if (actor.equals(TIMEOUT_ACTOR) && sandbox.onTimeout() == Sandbox.TimeoutAction.PAUSE
                    && space.state() == SpaceState.PAUSED) {
                retention.retain(space, sandbox); // paused longer than the retention
                activity.forget(space.id());
                LOG.info("Sandbox {} was paused longer than {} s: its files were kept and it was stopped.",
                        space.name(), pausedRetention.toSeconds());
            } else if (actor.equals(TIMEOUT_ACTOR)) {
                end(lifecycle, space, actor);
                activity.forget(space.id());
                LOG.info("Killed sandbox {}: its time was up.", space.name());
            } else if (sandbox.onTimeout() == Sandbox.TimeoutAction.KILL) {
                end(lifecycle, space, actor);
                activity.forget(space.id());
                LOG.info("Killed sandbox {}: unused for {} s.", space.name(), sandbox.idleTimeout().toSeconds());
            }
        } catch (RuntimeException failed) {
            LOG.warn("Could not act on the timeout of sandbox {}; trying again shortly: {}", space.id(),
                    failed.getMessage());
        }
    }

    /** Stop then delete (with container, network and volumes). */
    static void end(SpaceLifecycleManager lifecycle, Space space, String actor) {
        if (space.state() != SpaceState.DELETING) {
            lifecycle.stop(space, actor);
        }
        lifecycle.delete(space, actor);
    }

    /** After a failed create: remove it, or leave it due now so the next pass does. */
    static void removeQuietly(SpaceLifecycleManager lifecycle, SandboxStore sandboxes, Clock clock, Space space,
            String actor) {
        try {
            end(lifecycle, space, actor);
        } catch (RuntimeException cleanupFailed) {
            sandboxes.setEndsAt(space.id(), clock.instant());
            LOG.warn("Could not remove sandbox {} after its start failed; the timeout pass retries: {}", space.id(),
                    cleanupFailed.getMessage());
        }
    }
}
