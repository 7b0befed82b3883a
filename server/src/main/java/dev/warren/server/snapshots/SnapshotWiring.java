package dev.warren.server.snapshots;

import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.auth.Secrets;
import dev.warren.server.sandboxes.SandboxService;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceEvents;
import dev.warren.server.spaces.SpaceLocks;
import dev.warren.store.SandboxStore;
import dev.warren.store.SnapshotStore;
import dev.warren.store.SpaceStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts snapshots together for the server: the service (which sandbox creates resolve snapshots through), the fork
 * service (once the sandbox service exists, which it needs), and the janitor, run at start-up, after every sandbox
 * delete, and at every reconcile interval.
 */
public final class SnapshotWiring {
    private final SnapshotService service;
    private final SnapshotJanitor janitor;
    private final SandboxStore sandboxes;
    private final SnapshotSettings settings;

    public SnapshotWiring(SnapshotStore store, SandboxStore sandboxes, SpaceStore spaces, TemplateStore templates,
            UserStore users, SpaceAccess access, SpaceLocks locks, SpaceRuntime runtime, Secrets secrets,
            Clock clock, SnapshotSettings settings) {
        this.sandboxes = sandboxes;
        this.settings = settings;
        this.service = new SnapshotService(store, sandboxes, spaces, access, locks, runtime,
                new SnapshotViews(store, templates, users), secrets, clock);
        this.janitor = new SnapshotJanitor(store, service, runtime);
    }

    public SnapshotService service() {
        return service;
    }

    public SnapshotJanitor janitor() {
        return janitor;
    }

    public ForkService forks(SandboxService sandboxService) {
        return new ForkService(service, sandboxService, sandboxes, janitor, settings);
    }

    /** A first pass now (a crash's leftovers go before anything else happens), then on events and periodically. */
    public void start(SpaceEvents events, ScheduledExecutorService scheduler, Duration every) {
        janitor.sweep();
        events.subscribe(janitor.onSpaceChanged());
        long seconds = Math.max(1, every.toSeconds());
        scheduler.scheduleWithFixedDelay(janitor::sweep, seconds, seconds, TimeUnit.SECONDS);
    }
}
