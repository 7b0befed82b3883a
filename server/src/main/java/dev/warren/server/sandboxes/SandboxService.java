package dev.warren.server.sandboxes;

import dev.warren.client.wire.Sandboxes.ConnectRequest;
import dev.warren.client.wire.Sandboxes.CreateSandboxRequest;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Sandboxes.SandboxPage;
import dev.warren.client.wire.Sandboxes.TimeoutRequest;
import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceLifecycleManager;
import dev.warren.server.spaces.SpaceService;
import dev.warren.server.templates.DefaultTemplate;
import dev.warren.store.SandboxStore;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Sandboxes as callers use them: create (a space made and started in one call, with its sandbox row), get (never
 * starts or wakes anything), list (cursor pages, metadata and state filters), set a new life span, connect, kill.
 * Permissions are the space's ({@link SpaceAccess}): the owner, users it is shared with and admins see it; only the
 * owner and admins change or kill it. Blocking; thread-safe.
 */
public final class SandboxService {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxService.class);
    private static final String NAME_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    /** @param defaultTimeout a sandbox's life when its create names none; {@code maxTimeout} the longest allowed */
    public record Lifetimes(Duration defaultTimeout, Duration maxTimeout) {}

    /** The URL form of a sandbox's ports, with a {@code {port}} placeholder; empty when port URLs are off. */
    @FunctionalInterface
    public interface PortUrlForm {
        String of(String sandboxId);
    }

    private final SpaceService spaces;
    private final SpaceStore spaceStore;
    private final SandboxStore sandboxes;
    private final SpaceAccess access;
    private final SpaceLifecycleManager lifecycle;
    private final SandboxViews views;
    private final Lifetimes lifetimes;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SandboxService(SpaceService spaces, SpaceStore spaceStore, SandboxStore sandboxes, SpaceAccess access,
            SpaceLifecycleManager lifecycle, SandboxViews views, Lifetimes lifetimes, Clock clock) {
        this.spaces = spaces;
        this.spaceStore = spaceStore;
        this.sandboxes = sandboxes;
        this.access = access;
        this.lifecycle = lifecycle;
        this.views = views;
        this.lifetimes = lifetimes;
        this.clock = clock;
    }

    /**
     * Creates the sandbox and starts it; answers once it runs. Every field is checked before anything is written; a
     * start that fails removes the sandbox again (the caller gets the start's error and nothing is left behind).
     */
    public SandboxInfo create(Caller caller, CreateSandboxRequest request) {
        CreateSandboxRequest given = request == null
                ? new CreateSandboxRequest(null, null, null, null, null, null, null, null) : request;
        Duration life = SandboxRequests.timeout(given.timeout(), lifetimes.defaultTimeout(), lifetimes.maxTimeout());
        Sandbox.TimeoutAction onTimeout = SandboxRequests.onTimeout(given.onTimeout());
        boolean autoResume = SandboxRequests.autoResume(given.autoResume());
        Map<String, String> metadata = SandboxRequests.metadata(given.metadata());
        Map<String, String> environment = SandboxRequests.environment(given.envVars());
        String template = given.template() == null || given.template().isBlank()
                ? DefaultTemplate.NAME : given.template();
        String name = given.name() == null || given.name().isBlank() ? generatedName() : given.name();
        Space space = spaces.create(caller, new CreateSpaceRequest(name, template, "", null, null, null, null, null,
                null, false, null));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as stored
        Sandbox sandbox = new Sandbox(space.id(), now.plus(life), onTimeout, autoResume, metadata, environment,
                given.secure() == null || given.secure(), now);
        try {
            sandboxes.insert(sandbox);
            Space running = spaces.start(caller, space.id());
            return views.info(running, sandbox);
        } catch (RuntimeException failed) {
            removeQuietly(space, SpaceService.actor(caller));
            throw failed;
        }
    }

    /** The sandbox as it is now. Never starts or wakes it. */
    public SandboxInfo get(Caller caller, String id) {
        Space space = access.visible(caller, id);
        return views.info(space, sandboxOf(space));
    }

    public SandboxPage list(Caller caller, SandboxQuery query) {
        List<Space> visible = query.all() ? access.listAll(caller) : access.list(caller);
        return views.page(visible, sandboxes.all(), query);
    }

    /** A new life span from now (longer or shorter than the one it had). Owner or admin. */
    public SandboxInfo setTimeout(Caller caller, String id, TimeoutRequest request) {
        Space space = access.managed(caller, id, "change the timeout of");
        Sandbox sandbox = sandboxOf(space);
        Long seconds = request == null ? null : request.timeout();
        if (seconds == null) {
            throw dev.warren.core.ValidationException.of("timeout", "Give the new timeout in seconds.");
        }
        Duration life = SandboxRequests.timeout(seconds, lifetimes.defaultTimeout(), lifetimes.maxTimeout());
        Sandbox extended = sandbox.withEndsAt(clock.instant().plus(life).truncatedTo(ChronoUnit.MILLIS));
        if (!sandboxes.setEndsAt(space.id(), extended.endsAt())) {
            throw gone(id);
        }
        return views.info(spaceStore.findById(space.id()).orElseThrow(() -> gone(id)), extended);
    }

    /**
     * Makes sure the sandbox runs (starting it if it stopped, e.g. when the engine lost it) and, when a timeout is
     * given, sets a new life span. Owner or admin.
     */
    public SandboxInfo connect(Caller caller, String id, ConnectRequest request) {
        Space space = access.managed(caller, id, "connect to");
        Sandbox sandbox = sandboxOf(space);
        if (request != null && request.timeout() != null) {
            setTimeout(caller, space.id(), new TimeoutRequest(request.timeout()));
        }
        Space running = space.state() == SpaceState.RUNNING ? space : spaces.start(caller, space.id());
        return views.info(running, sandboxes.find(space.id()).orElse(sandbox));
    }

    /** Stops and deletes the sandbox with its container and volumes. Owner or admin. Idempotent while it exists. */
    public void kill(Caller caller, String id) {
        Space space = access.managed(caller, id, "kill");
        sandboxOf(space);
        end(space, SpaceService.actor(caller));
    }

    /** Ends every sandbox whose time is up; one failure does not stop the others (they are tried again next time). */
    public int endExpired() {
        int ended = 0;
        for (String id : sandboxes.dueAt(clock.instant())) {
            Space space = spaceStore.findById(id).orElse(null);
            if (space == null) {
                continue;
            }
            try {
                end(space, "system (timeout)");
                ended++;
            } catch (RuntimeException failed) {
                LOG.warn("Could not end sandbox {} whose time is up; trying again shortly: {}", id,
                        failed.getMessage());
            }
        }
        return ended;
    }

    private void end(Space space, String actor) {
        if (space.state() != SpaceState.DELETING) {
            lifecycle.stop(space, actor);
        }
        lifecycle.delete(space, actor);
    }

    private void removeQuietly(Space space, String actor) {
        try {
            end(space, actor);
        } catch (RuntimeException cleanupFailed) {
            sandboxes.setEndsAt(space.id(), clock.instant()); // due now: the reaper tries again within seconds
            LOG.warn("Could not remove sandbox {} after its start failed; the reaper retries: {}", space.id(),
                    cleanupFailed.getMessage());
        }
    }

    private Sandbox sandboxOf(Space space) {
        return sandboxes.find(space.id()).orElseThrow(() ->
                new NotFoundException("'" + space.name() + "' is a space, not a sandbox."));
    }

    private static NotFoundException gone(String id) {
        return new NotFoundException("No sandbox '" + id + "' exists.");
    }

    /** {@code sandbox-} and 8 characters that cannot be mistaken for each other. */
    private String generatedName() {
        StringBuilder name = new StringBuilder("sandbox-");
        for (int i = 0; i < 8; i++) {
            name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return name.toString();
    }
}
