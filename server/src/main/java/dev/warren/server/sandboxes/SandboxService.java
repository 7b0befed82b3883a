package dev.warren.server.sandboxes;

import dev.warren.client.wire.Sandboxes.ConnectRequest;
import dev.warren.client.wire.Sandboxes.CreateSandboxRequest;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Sandboxes.SandboxPage;
import dev.warren.client.wire.Sandboxes.TimeoutRequest;
import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.server.auth.Caller;
import dev.warren.server.snapshots.SnapshotSeeds;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceLifecycleManager;
import dev.warren.server.spaces.SpaceService;
import dev.warren.server.templates.DefaultTemplate;
import dev.warren.store.SandboxStore;
import dev.warren.store.SpaceStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sandboxes as callers use them: create (a space made and started in one call, with its sandbox row), get (never
 * starts or wakes anything), list (cursor pages, metadata and state filters), set a new life span, pause, resume,
 * connect, kill. Permissions are the space's ({@link SpaceAccess}): the owner, users it is shared with and admins
 * see it; only the owner and admins change or kill it. What happens when time runs out is {@link SandboxTimeouts}.
 * Blocking; thread-safe.
 */
public final class SandboxService {
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
    private final SnapshotSeeds seeds;
    private final Pooling pooling;

    public SandboxService(SpaceService spaces, SpaceStore spaceStore, SandboxStore sandboxes, SpaceAccess access,
            SpaceLifecycleManager lifecycle, SandboxViews views, Lifetimes lifetimes, Clock clock) {
        this(spaces, spaceStore, sandboxes, access, lifecycle, views, lifetimes, clock, SnapshotSeeds.NONE);
    }

    /** @param seeds the snapshots a create may name (server.snapshots) */
    public SandboxService(SpaceService spaces, SpaceStore spaceStore, SandboxStore sandboxes, SpaceAccess access,
            SpaceLifecycleManager lifecycle, SandboxViews views, Lifetimes lifetimes, Clock clock,
            SnapshotSeeds seeds) {
        this(spaces, spaceStore, sandboxes, access, lifecycle, views, lifetimes, clock, seeds, Pooling.NONE);
    }

    /** @param pooling how a create is served from a warm pool (server.pools) */
    public SandboxService(SpaceService spaces, SpaceStore spaceStore, SandboxStore sandboxes, SpaceAccess access,
            SpaceLifecycleManager lifecycle, SandboxViews views, Lifetimes lifetimes, Clock clock,
            SnapshotSeeds seeds, Pooling pooling) {
        this.pooling = pooling;
        this.seeds = seeds;
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
                ? new CreateSandboxRequest(null, null, null, null, null, null, null, null, null) : request;
        Duration life = SandboxRequests.timeout(given.timeout(), lifetimes.defaultTimeout(), lifetimes.maxTimeout());
        Duration idle = SandboxRequests.idleTimeout(given.idleTimeout(), lifetimes.maxTimeout());
        Sandbox.TimeoutAction onTimeout = SandboxRequests.onTimeout(given.onTimeout());
        Map<String, String> metadata = SandboxRequests.metadata(given.metadata());
        Map<String, String> environment = SandboxRequests.environment(given.envVars());
        SnapshotSeeds.Seed seed = given.snapshot() == null || given.snapshot().isBlank() ? null
                : seeds.resolve(caller, given.snapshot());
        if (seed != null && given.template() != null && !given.template().isBlank()) {
            throw ValidationException.of("template", "A sandbox made from a snapshot has the snapshot's template:"
                    + " leave template out.");
        }
        String template = seed != null ? seed.templateId() : given.template() == null || given.template().isBlank()
                ? DefaultTemplate.NAME : given.template();
        String name = given.name() == null || given.name().isBlank() ? generatedName() : given.name();
        // A pooled container has no snapshot's files and no user volumes: only a plain create is served from a pool.
        Optional<String> pooled = seed == null && (given.volumes() == null || given.volumes().isEmpty())
                ? pooling.claim(caller, template) : Optional.empty();
        Space space;
        try {
            space = spaces.create(caller, new CreateSpaceRequest(name, template, "", null, null, null, null, null,
                    null, false, null, given.volumes()), pooled.orElse(null)); // checks and stores the volumes
        } catch (RuntimeException refused) {
            pooled.ifPresent(pooling::discard);
            throw refused;
        }
        Instant now = now();
        Sandbox sandbox = new Sandbox(space.id(), now.plus(life), life, idle, onTimeout,
                Boolean.TRUE.equals(given.autoResume()), metadata, environment,
                given.secure() == null || given.secure(), now);
        try {
            sandboxes.insert(sandbox);
            if (seed != null) {
                seeds.madeFrom(space.id(), seed.snapshotId()); // before the start, which reads it
            }
            Space running = pooled.isPresent() ? adoptOrStart(caller, space) : spaces.start(caller, space.id());
            return views.info(running, sandbox);
        } catch (RuntimeException failed) {
            SandboxTimeouts.removeQuietly(lifecycle, sandboxes, clock, space, SpaceService.actor(caller));
            throw failed;
        }
    }

    /** Refuses, as create would, a fork's own fields before anything is copied (server.snapshots). */
    public void checkFields(Long timeout, Map<String, String> metadata) {
        SandboxRequests.timeout(timeout, lifetimes.defaultTimeout(), lifetimes.maxTimeout());
        SandboxRequests.metadata(metadata);
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

    /** A new life span from now (longer or shorter than the one it had); a resume gives it this much again. */
    public SandboxInfo setTimeout(Caller caller, String id, TimeoutRequest request) {
        Space space = access.managed(caller, id, "change the timeout of");
        Sandbox sandbox = sandboxOf(space);
        Long seconds = request == null ? null : request.timeout();
        if (seconds == null) {
            throw ValidationException.of("timeout", "Give the new timeout in seconds.");
        }
        Duration life = SandboxRequests.timeout(seconds, lifetimes.defaultTimeout(), lifetimes.maxTimeout());
        Sandbox extended = sandbox.withTimeout(life, now().plus(life));
        if (!sandboxes.setTimeout(space.id(), life, extended.endsAt())) {
            throw gone(id);
        }
        return views.info(reload(space.id(), id), extended);
    }

    /** Freezes the sandbox (memory kept, no CPU). Pausing a paused sandbox changes nothing. */
    public SandboxInfo pause(Caller caller, String id) {
        Space space = access.managed(caller, id, "pause");
        Sandbox sandbox = sandboxOf(space);
        return views.info(lifecycle.pause(space, SpaceService.actor(caller)), sandbox);
    }

    /**
     * Thaws a paused sandbox and gives it its life span again from now. Resuming a running sandbox changes nothing
     * but its end.
     */
    public SandboxInfo resume(Caller caller, String id) {
        Space space = access.managed(caller, id, "resume");
        return resumed(space, sandboxOf(space), SpaceService.actor(caller));
    }

    /**
     * Makes sure the sandbox runs: resumes it if paused, starts it if it stopped (the engine lost it), then sets a
     * new life span (the given timeout, else the one it had). Owner or admin.
     */
    public SandboxInfo connect(Caller caller, String id, ConnectRequest request) {
        Space space = access.managed(caller, id, "connect to");
        Sandbox sandbox = sandboxOf(space);
        if (request != null && request.timeout() != null) {
            Duration life = SandboxRequests.timeout(request.timeout(), lifetimes.defaultTimeout(),
                    lifetimes.maxTimeout());
            sandbox = sandbox.withTimeout(life, sandbox.endsAt());
        }
        if (space.state() == SpaceState.STOPPED) {
            spaces.start(caller, space.id());
        }
        return resumed(reload(space.id(), id), sandbox, SpaceService.actor(caller));
    }

    /**
     * Wakes a paused sandbox for traffic to one of its port URLs, if it asked for that ({@code auto_resume}).
     *
     * @return true when the space runs now (resumed, or it already ran); false when it does not wake on traffic
     */
    public boolean wakeForTraffic(String spaceId) {
        Space space = spaceStore.findById(spaceId).orElse(null);
        Sandbox sandbox = space == null ? null : sandboxes.find(spaceId).orElse(null);
        if (space == null || sandbox == null || space.state() != SpaceState.PAUSED && space.state() != SpaceState.RUNNING) {
            return false;
        }
        if (space.state() == SpaceState.RUNNING) {
            return true;
        }
        if (!sandbox.autoResume()) {
            return false;
        }
        resumed(space, sandbox, "system (traffic to a port URL)");
        return true;
    }

    /** Stops and deletes the sandbox with its container and volumes. Owner or admin. */
    public void kill(Caller caller, String id) {
        Space space = access.managed(caller, id, "kill");
        sandboxOf(space);
        SandboxTimeouts.end(lifecycle, space, SpaceService.actor(caller));
    }

    /** Takes over the claimed member's container; if it cannot be (it died meanwhile), starts the space cold. */
    private Space adoptOrStart(Caller caller, Space space) {
        try {
            return pooling.adopt(space, SpaceService.actor(caller));
        } catch (RuntimeException notAdoptable) {
            pooling.discard(space.id());
            return spaces.start(caller, space.id());
        }
    }

    private SandboxInfo resumed(Space space, Sandbox sandbox, String actor) {
        Space running = lifecycle.resume(space, actor);
        Sandbox renewed = sandbox.withTimeout(sandbox.timeout(), now().plus(sandbox.timeout()));
        sandboxes.setTimeout(space.id(), renewed.timeout(), renewed.endsAt());
        return views.info(running, renewed);
    }

    private Sandbox sandboxOf(Space space) {
        return sandboxes.find(space.id()).orElseThrow(() ->
                new NotFoundException("'" + space.name() + "' is a space, not a sandbox."));
    }

    private Space reload(String spaceId, String asked) {
        return spaceStore.findById(spaceId).orElseThrow(() -> gone(asked));
    }

    /** Now, to the millisecond the store keeps, so what a call answers equals what a later read answers. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
