package dev.warren.server.spaces;

import dev.warren.core.NotFoundException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.rules.DependencyGraph;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.server.auth.AuthService;
import dev.warren.store.SpaceStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Start, stop and delete as explicit transitions. Each writes the in-between state (STARTING, STOPPING, DELETING)
 * to the store before touching the engine and the final state after, so a crash at any moment leaves a state the
 * reconciler can finish. Idempotent: starting a running space or stopping a stopped one succeeds.
 */
public final class SpaceLifecycleManager {
    private final SpaceStore spaces;
    private final TemplateStore templates;
    private final UserStore users;
    private final SpaceRuntime runtime;
    private final AuthService auth;
    private final SpaceLocks locks;
    /** Hears every change of a space, with how a change in progress goes ("" when there is nothing to add). */
    private final BiConsumer<Space, String> changed;
    private final Clock clock;

    public SpaceLifecycleManager(SpaceStore spaces, TemplateStore templates, UserStore users, SpaceRuntime runtime,
            AuthService auth, SpaceLocks locks, BiConsumer<Space, String> changed, Clock clock) {
        this.spaces = spaces;
        this.templates = templates;
        this.users = users;
        this.runtime = runtime;
        this.auth = auth;
        this.locks = locks;
        this.changed = changed;
        this.clock = clock;
    }

    /** Starts the space after its dependencies (in dependency order). Returns the space as it is now. */
    public Space start(Space space) {
        List<String> order = new DependencyGraph(spaces.dependencyEdges(space.userId())).startOrder(space.id());
        for (String id : order) {
            startOne(id);
        }
        return reload(space.id());
    }

    /** Stops the space; memory is lost, volumes are kept. */
    public Space stop(Space space) {
        return locks.with(space.id(), () -> {
            Space current = reload(space.id());
            if (current.state() == SpaceState.STOPPED) {
                return current;
            }
            if (current.state() == SpaceState.DELETING) {
                SpaceLifecycle.requireNotBusy(current, "stop");
            }
            Space stopping = save(current.withState(SpaceState.STOPPING));
            runtime.stop(current.id());
            auth.revokeSpaceTokens(current.id());
            return save(stopping.withRuntime(SpaceState.STOPPED, null, stopping.appliedTemplateHash()));
        });
    }

    public Space restart(Space space) {
        stop(space);
        return start(space);
    }

    /** Deletes a stopped space with its volumes. Refused (423) while it runs. */
    public void delete(Space space) {
        locks.with(space.id(), () -> {
            Space current = reload(space.id());
            SpaceLifecycle.requireStopped(current, "delete");
            Space deleting = save(current.withState(SpaceState.DELETING));
            finishDelete(deleting);
            return null;
        });
        locks.forget(space.id());
    }

    /** The engine part of a delete, then the row. Also used by the reconciler for a delete cut short. */
    void finishDelete(Space deleting) {
        runtime.destroy(deleting.id());
        auth.revokeSpaceTokens(deleting.id());
        spaces.delete(deleting.id());
        changed.accept(deleting, "");
    }

    private void startOne(String spaceId) {
        locks.with(spaceId, () -> {
            Space current = reload(spaceId);
            if (current.state() == SpaceState.RUNNING) {
                return current;
            }
            SpaceLifecycle.requireNotBusy(current, "start");
            Template template = templates.findById(current.templateId()).orElseThrow(() ->
                    new WrongStateException("Space '" + current.name() + "' cannot start: its template is gone."));
            User owner = users.findById(current.userId()).orElseThrow(() ->
                    new NotFoundException("The owner of space '" + current.name() + "' no longer exists."));
            Space starting = save(current.withState(SpaceState.STARTING));
            try {
                String containerId = runtime.start(starting, template, owner,
                        () -> auth.createSpaceToken(owner.id(), starting.id()),
                        detail -> changed.accept(starting, detail));
                return save(starting.withRuntime(SpaceState.RUNNING, containerId, template.hash()));
            } catch (RuntimeException failure) {
                try {
                    runtime.stop(spaceId); // leave nothing half-started behind
                } catch (RuntimeException cleanup) {
                    failure.addSuppressed(cleanup); // the reconciler retries; report the first failure
                }
                auth.revokeSpaceTokens(spaceId);
                save(starting.withRuntime(SpaceState.STOPPED, null, starting.appliedTemplateHash()));
                throw failure;
            }
        });
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

    Space save(Space space) {
        Space stamped = space.withUpdatedAt(clock.instant());
        spaces.update(stamped);
        changed.accept(stamped, "");
        return stamped;
    }

    Space reload(String spaceId) {
        return spaces.findById(spaceId).orElseThrow(() -> NotFoundException.space(spaceId));
    }
}
