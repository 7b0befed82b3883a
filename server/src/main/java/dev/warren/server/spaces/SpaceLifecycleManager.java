package dev.warren.server.spaces;

import dev.warren.core.NotFoundException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.rules.DependencyGraph;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.runtime.SpaceStatus;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.auth.AuthService;
import dev.warren.store.SpaceDesiredStateStore;
import dev.warren.store.SpaceStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Start, stop and delete as explicit transitions. Each writes the in-between state (STARTING, STOPPING, DELETING)
 * to the store before touching the runtime and the final state after, so a crash at any moment leaves a state the
 * reconciler can finish. Idempotent: starting a running space or stopping a stopped one succeeds. Every change is
 * announced as a {@link SpaceChanged} naming who caused it.
 */
public final class SpaceLifecycleManager {
    private final SpaceStore spaces;
    private final TemplateStore templates;
    private final UserStore users;
    private final SpaceRuntime runtime;
    private final SpaceSpecs specs;
    private final AuthService auth;
    private final SpaceLocks locks;
    private final SpaceEventPublisher events;
    private final SpaceHealth health;
    private final StartupScripts startupScripts;
    private final SpaceDesiredStateStore desired;
    private final Clock clock;

    public SpaceLifecycleManager(SpaceStore spaces, TemplateStore templates, UserStore users, SpaceRuntime runtime,
            SpaceSpecs specs, AuthService auth, SpaceLocks locks, SpaceEventPublisher events, SpaceHealth health,
            StartupScripts startupScripts,
            SpaceDesiredStateStore desired, Clock clock) {
        this.startupScripts = startupScripts;
        this.desired = desired;
        this.spaces = spaces;
        this.templates = templates;
        this.users = users;
        this.runtime = runtime;
        this.specs = specs;
        this.auth = auth;
        this.locks = locks;
        this.events = events;
        this.health = health;
        this.clock = clock;
    }

    /** Starts the space after its dependencies (in dependency order). Returns the space as it is now. */
    public Space start(Space space, String actor) {
        List<String> order = new DependencyGraph(spaces.dependencyEdges(space.userId())).startOrder(space.id());
        for (String id : order) {
            startOne(id, actor);
            desired.want(id, true); // what the user asked for, brought back if the engine loses it
        }
        return reload(space.id());
    }

    /** Stops the space; memory is lost, volumes are kept. */
    public Space stop(Space space, String actor) {
        desired.want(space.id(), false); // first: a crash during the stop must not bring it back
        return locks.with(space.id(), () -> {
            Space current = reload(space.id());
            if (current.state() == SpaceState.STOPPED) {
                return current;
            }
            if (current.state() == SpaceState.DELETING) {
                SpaceLifecycle.requireNotBusy(current, "stop");
            }
            Space stopping = save(current.withState(SpaceState.STOPPING), current.state(), actor);
            runtime.stop(current.id());
            auth.revokeSpaceTokens(current.id());
            return save(stopping.withRuntime(SpaceState.STOPPED, null, stopping.appliedTemplateHash()),
                    SpaceState.STOPPING, actor);
        });
    }

    /**
     * Freezes the space's processes with their memory (no CPU) until {@link #resume}. Pausing a paused space changes
     * nothing; any state but running or paused is refused (423).
     */
    public Space pause(Space space, String actor) {
        return locks.with(space.id(), () -> {
            Space current = reload(space.id());
            if (current.state() == SpaceState.PAUSED) {
                return current;
            }
            SpaceLifecycle.requireRunning(current, "pause");
            runtime.pause(current.id());
            return save(current.withState(SpaceState.PAUSED), SpaceState.RUNNING, actor);
        });
    }

    /** Thaws a paused space: its processes go on where they were. Resuming a running space changes nothing. */
    public Space resume(Space space, String actor) {
        return locks.with(space.id(), () -> {
            Space current = reload(space.id());
            if (current.state() == SpaceState.RUNNING) {
                return current;
            }
            if (current.state() != SpaceState.PAUSED) {
                throw new WrongStateException("Cannot resume space '" + current.name() + "': it is "
                        + SpaceLifecycle.describe(current.state()) + ", not paused"
                        + (current.state() == SpaceState.STOPPED ? "; start it instead." : "."));
            }
            runtime.resume(current.id());
            return save(current.withState(SpaceState.RUNNING), SpaceState.PAUSED, actor);
        });
    }

    public Space restart(Space space, String actor) {
        stop(space, actor);
        return start(space, actor);
    }

    /** Deletes a stopped space with its volumes. Refused (423) while it runs. */
    public void delete(Space space, String actor) {
        locks.with(space.id(), () -> {
            Space current = reload(space.id());
            SpaceLifecycle.requireStopped(current, "delete");
            Space deleting = save(current.withState(SpaceState.DELETING), current.state(), actor);
            finishDelete(deleting, actor);
            return null;
        });
        locks.forget(space.id());
    }

    /** The runtime part of a delete, then the row. Also used by the reconciler for a delete cut short. */
    void finishDelete(Space deleting, String actor) {
        runtime.destroy(deleting.id());
        auth.revokeSpaceTokens(deleting.id());
        Set<String> audience = events.audienceOf(deleting);
        spaces.delete(deleting.id());
        events.changed(deleting, SpaceState.DELETING, null, actor, "", audience);
    }

    private void startOne(String spaceId, String actor) {
        locks.with(spaceId, () -> {
            Space current = reload(spaceId);
            if (current.state() == SpaceState.RUNNING) {
                return current;
            }
            if (current.state() == SpaceState.PAUSED) { // starting a paused space resumes it
                runtime.resume(current.id());
                return save(current.withState(SpaceState.RUNNING), SpaceState.PAUSED, actor);
            }
            SpaceLifecycle.requireNotBusy(current, "start");
            Template template = templates.findById(current.templateId()).orElseThrow(() ->
                    new WrongStateException("Space '" + current.name() + "' cannot start: its template is gone."));
            User owner = users.findById(current.userId()).orElseThrow(() ->
                    new NotFoundException("The owner of space '" + current.name() + "' no longer exists."));
            Space starting = save(current.withState(SpaceState.STARTING), current.state(), actor);
            health.forget(spaceId);
            try {
                String instanceId = runtime.start(
                        specs.of(starting, template, owner, auth.createSpaceToken(owner.id(), starting.id())),
                        detail -> events.progress(starting, actor, detail));
                Space running = save(starting.withRuntime(SpaceState.RUNNING, instanceId, template.hash()),
                        SpaceState.STARTING, actor);
                launchStartupScript(running, actor);
                return running;
            } catch (RuntimeException failure) {
                try {
                    runtime.stop(spaceId); // leave nothing half-started behind
                } catch (RuntimeException cleanup) {
                    failure.addSuppressed(cleanup); // the reconciler retries; report the first failure
                }
                auth.revokeSpaceTokens(spaceId);
                save(starting.withRuntime(SpaceState.STOPPED, null, starting.appliedTemplateHash()),
                        SpaceState.STARTING, actor);
                throw failure;
            }
        });
    }

    /**
     * Makes a space just created with a warm-pool member's id the owner of that member's running container (started
     * for this owner and template): no start, only what the container lacks — the space's token and the values that
     * depend on the space — given to its processes through {@code identities}. Refused (and the caller starts the
     * space cold) when the container no longer runs or its agent does not answer.
     */
    public Space adopt(Space created, String actor, SpaceIdentities identities) {
        return locks.with(created.id(), () -> {
            Space current = reload(created.id());
            SpaceLifecycle.requireStopped(current, "adopt a pooled container for");
            Template template = templates.findById(current.templateId()).orElseThrow(() ->
                    new WrongStateException("Space '" + current.name() + "' cannot start: its template is gone."));
            User owner = users.findById(current.userId()).orElseThrow(() ->
                    new NotFoundException("The owner of space '" + current.name() + "' no longer exists."));
            SpaceStatus status = runtime.inspect(current.id()).filter(found -> found.running() && !found.paused())
                    .orElseThrow(() -> new WrongStateException("The pooled container of '" + current.name()
                            + "' no longer runs."));
            runtime.agent(current.id()).health(java.time.Duration.ofSeconds(2));
            String token = auth.createSpaceToken(owner.id(), current.id());
            identities.put(current.id(), status.instanceId(), specs.of(current, template, owner, token).environment());
            Space running = save(current.withRuntime(SpaceState.RUNNING, status.instanceId(), template.hash()),
                    SpaceState.STOPPED, actor);
            desired.want(current.id(), true);
            launchStartupScript(running, actor);
            return running;
        });
    }

    /** A startup script that cannot start does not fail the start: the space runs, and an event says why. */
    private void launchStartupScript(Space running, String actor) {
        try {
            startupScripts.launch(running);
        } catch (RuntimeException failed) {
            events.progress(running, actor, "The startup script could not start: " + failed.getMessage());
        }
    }

    /** Spaces of a stack in start order (dependencies first). */
    public List<Space> stackOrder(String userId, String stack) {
        List<String> ids = spaces.listOwnedBy(userId).stream().filter(space -> stack.equals(space.stack()))
                .map(Space::id).toList();
        if (ids.isEmpty()) {
            throw new NotFoundException("You have no stack named '" + stack + "'.");
        }
        List<String> order = new DependencyGraph(spaces.dependencyEdges(userId)).startOrder(ids);
        List<Space> result = new ArrayList<>();
        for (String id : order) {
            if (ids.contains(id)) {
                result.add(reload(id));
            }
        }
        return result;
    }

    /** Writes the space (stamped now) and announces the change from {@code before} ({@code null}: created). */
    Space save(Space space, SpaceState before, String actor) {
        Space stamped = space.withUpdatedAt(clock.instant());
        spaces.update(stamped);
        events.changed(stamped, before, stamped.state(), actor, "");
        return stamped;
    }

    /** A change that is not a transition (an edit, a share): the state stays. */
    Space save(Space space) {
        return save(space, space.state(), SpaceChanged.SYSTEM);
    }

    /** Ends the space's token: every way a space stops calls this (the reconciler too). */
    void revokeSpaceTokens(String spaceId) {
        auth.revokeSpaceTokens(spaceId);
    }

    Space reload(String spaceId) {
        return spaces.findById(spaceId).orElseThrow(() -> NotFoundException.space(spaceId));
    }
}
