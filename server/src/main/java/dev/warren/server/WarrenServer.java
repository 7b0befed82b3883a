package dev.warren.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Health;
import dev.warren.client.wire.WireJson;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.engine.Engine;
import dev.warren.engine.docker.EngineLocator;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.docker.DockerSpaceRuntime;
import dev.warren.server.auth.AuthService;
import dev.warren.server.auth.LoginRateLimiter;
import dev.warren.server.auth.PasswordHasher;
import dev.warren.server.auth.SecretKeys;
import dev.warren.server.auth.Secrets;
import dev.warren.server.auth.SpaceOrigins;
import dev.warren.server.health.Readiness;
import dev.warren.server.http.ApiServices;
import dev.warren.server.http.Authenticator;
import dev.warren.server.http.EgressRoutes;
import dev.warren.server.http.UploadRoutes;
import dev.warren.server.uploads.UploadWiring;
import dev.warren.server.http.SandboxRoutes;
import dev.warren.server.sandboxes.SandboxService;
import dev.warren.server.snapshots.SnapshotRetention;
import dev.warren.server.ports.WakeHandler;
import dev.warren.core.model.Space;
import dev.warren.server.pools.PoolClaims;
import dev.warren.server.pools.WarmPools;
import dev.warren.server.http.PoolRoutes;
import dev.warren.server.spaces.SpaceIdentities;
import dev.warren.store.PoolStore;
import dev.warren.server.http.SnapshotRoutes;
import dev.warren.server.snapshots.SnapshotSettings;
import dev.warren.server.snapshots.SnapshotWiring;
import dev.warren.server.sandboxes.SandboxTimeouts;
import dev.warren.server.spaces.SpaceActivity;
import dev.warren.server.sandboxes.SandboxViews;
import dev.warren.server.network.EgressService;
import dev.warren.server.http.HttpServer;
import dev.warren.server.http.WebExtension;
import dev.warren.server.scripts.ScriptService;
import dev.warren.server.spaces.Reconciler;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceCommands;
import dev.warren.server.spaces.SpaceEvents;
import dev.warren.server.spaces.SpaceEventPublisher;
import dev.warren.server.spaces.SpaceFiles;
import dev.warren.server.spaces.SpaceHealth;
import dev.warren.server.spaces.SpaceIo;
import dev.warren.server.spaces.SpaceLifecycleManager;
import dev.warren.server.spaces.SpaceLocks;
import dev.warren.server.spaces.SpaceProcesses;
import dev.warren.server.spaces.SpaceProperties;
import dev.warren.server.spaces.SpaceService;
import dev.warren.server.spaces.SpaceSessions;
import dev.warren.server.spaces.SpaceSpecs;
import dev.warren.server.spaces.StartupScripts;
import dev.warren.server.spaces.SpaceViews;
import dev.warren.server.templates.DefaultTemplate;
import dev.warren.server.templates.TemplateService;
import dev.warren.server.users.AdminBootstrap;
import dev.warren.server.users.UserService;
import dev.warren.store.Database;
import dev.warren.store.PortForwardStore;
import dev.warren.store.SandboxStore;
import dev.warren.store.SnapshotStore;
import dev.warren.store.ScriptStore;
import dev.warren.store.SpaceDesiredStateStore;
import dev.warren.store.ServerSettingsStore;
import dev.warren.store.VolumeMountStore;
import dev.warren.store.VolumeStore;
import dev.warren.server.http.VolumeRoutes;
import dev.warren.server.volumes.VolumeMounts;
import dev.warren.server.volumes.VolumeWiring;
import dev.warren.store.SessionStore;
import dev.warren.store.SpaceEgressStore;
import dev.warren.store.SpaceStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.TokenStore;
import dev.warren.store.UserStore;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The wiring: opens the store, connects the engine, builds every service with its dependencies passed in
 * constructors, reconciles, then serves HTTP. {@link #close()} stops everything in reverse order.
 */
public final class WarrenServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarrenServer.class);
    public static final String VERSION = "0.1.0";

    private final Database database;
    private final SpaceRuntime runtime;
    private final Duration shutdownGrace;
    private final SpaceSessions sessions;
    private final HttpServer http;
    private final ScheduledExecutorService scheduler;
    private final List<AutoCloseable> closeables;
    private final Stores stores;
    private final Services services;
    private final SpaceOrigins origins;

    /** The repositories, exposed for tests that check "nothing changed in the store". */
    public record Stores(UserStore users, TokenStore tokens, SessionStore sessions, TemplateStore templates,
            SpaceStore spaces, ScriptStore scripts, PortForwardStore forwards, SpaceDesiredStateStore desired,
            SandboxStore sandboxes) {}

    /** The services, exposed for extensions (web UI, port forwarding) and tests. */
    public record Services(AuthService auth, UserService users, TemplateService templates, SpaceService spaces,
            SpaceRuntime runtime, SpaceAccess access, SpaceEvents events, SpaceLifecycleManager lifecycle,
            Reconciler reconciler, SpaceHealth health, ObjectMapper mapper) {}

    private WarrenServer(Database database, SpaceRuntime runtime, Duration shutdownGrace, SpaceSessions sessions,
            HttpServer http,
            ScheduledExecutorService scheduler,
            List<AutoCloseable> closeables, Stores stores, Services services, SpaceOrigins origins) {
        this.origins = origins;
        this.database = database;
        this.runtime = runtime;
        this.shutdownGrace = shutdownGrace;
        this.sessions = sessions;
        this.http = http;
        this.scheduler = scheduler;
        this.closeables = closeables;
        this.stores = stores;
        this.services = services;
    }

    /** Starts a server with the engine found by discovery (configured host, DOCKER_HOST, Docker, Podman). */
    public static WarrenServer start(Config config, PrintStream console) {
        Engine engine = EngineLocator.standard(config.engineHost().isBlank() ? null : config.engineHost(),
                System.getenv()).locate();
        return start(config, (RuntimeFactory) instance -> dockerRuntime(config, engine, instance), console);
    }

    /** Makes the runtime once the store has said which instance this server is (a restored store keeps it). */
    @FunctionalInterface
    public interface RuntimeFactory {
        SpaceRuntime create(String instanceId);
    }

    /**
     * Spaces as containers on {@code engine} (Docker or Podman) with the in-space agent, labelled with this server's
     * instance (derived from the store it uses, so two servers on one engine never touch each other's spaces).
     */
    public static DockerSpaceRuntime dockerRuntime(Config config, Engine engine) {
        return dockerRuntime(config, engine, instanceId(config));
    }

    /** The same, for a known instance id. */
    public static DockerSpaceRuntime dockerRuntime(Config config, Engine engine, String instanceId) {
        if (config.agentBinary().isBlank()) {
            throw new IllegalStateException("The in-space agent is missing: run scripts/agent.sh (./run.sh does) or"
                    + " set WARREN_AGENT_BINARY to its path.");
        }
        return new DockerSpaceRuntime(engine, new DockerSpaceRuntime.Settings(instanceId,
                Path.of(config.agentBinary()), config.agentDir(), config::cliDir, 0, Duration.ofSeconds(15)),
                config.spaceFirewall());
    }

    /**
     * Names this server's objects in a shared runtime: a hash of the store's address, stored in the store on first
     * start (a restored store keeps the name, so its server adopts its spaces).
     */
    public static String instanceId(Config config) {
        return Secrets.sha256(config.databaseUrl()).substring(0, 12);
    }

    /** Starts a server on the given runtime, which it closes on {@link #close()}. */
    public static WarrenServer start(Config config, SpaceRuntime runtime, PrintStream console) {
        return start(config, (RuntimeFactory) instance -> runtime, console);
    }

    /** Starts a server on the runtime {@code runtimes} makes for this store's instance; closes it on {@link #close()}. */
    public static WarrenServer start(Config config, RuntimeFactory runtimes, PrintStream console) {
        SecretKeys.Loaded keys = DataDirectory.prepare(config);
        Database database = Database.open(config.databaseUrl());
        SpaceRuntime runtime = runtimes.create(new ServerSettingsStore(database.jdbi())
                .getOrInit("instance_id", () -> instanceId(config)));
        UserStore userStore = new UserStore(database.jdbi(), keys.cipher());
        try {
            int sealed = userStore.sealServicePasswords();
            if (sealed > 0) {
                LOG.info("Encrypted {} service password(s) with key {}.", sealed, keys.cipher().currentKeyId());
            }
        } catch (RuntimeException cannotDecrypt) {
            database.close();
            throw cannotDecrypt;
        }
        Clock clock = Clock.systemUTC();
        Stores stores = new Stores(userStore, new TokenStore(database.jdbi()),
                new SessionStore(database.jdbi()), new TemplateStore(database.jdbi()), new SpaceStore(database.jdbi()),
                new ScriptStore(database.jdbi()), new PortForwardStore(database.jdbi()),
                new SpaceDesiredStateStore(database.jdbi()), new SandboxStore(database.jdbi(), keys.cipher()));
        Secrets secrets = new Secrets();
        PasswordHasher hasher = new PasswordHasher(config.bcryptCost());
        ObjectMapper mapper = WireJson.newMapper(false);
        TemplateSpecParser parser = new TemplateSpecParser(config.maxSpaceLimits());

        AuthService auth = new AuthService(stores.users(), stores.tokens(), stores.sessions(), hasher, secrets,
                new LoginRateLimiter(clock, 5, Duration.ofMinutes(1)), clock, config.sessionLifetime());
        UserService users = new UserService(stores.users(), hasher, secrets, clock);
        SpaceEvents events = new SpaceEvents();
        SpaceEventPublisher publisher = new SpaceEventPublisher(events, stores.spaces(), clock);
        SpaceHealth health = new SpaceHealth();
        Readiness readiness = new Readiness(database.jdbi(), database.vendor(), runtime, VERSION, clock);
        SpaceViews views = new SpaceViews(stores.spaces(), stores.templates(), stores.users(), parser, hostname(),
                "linux/" + normalizedArch(), health,
                readiness::runtimeAvailable);
        // A replaced template may flip "update available" on its spaces: tell the browsers watching them.
        TemplateService templates = new TemplateService(stores.templates(), parser, secrets, clock,
                template -> stores.spaces().listAll().stream()
                        .filter(space -> space.templateId().equals(template.id()))
                        .forEach(space -> publisher.changed(space, space.state(), space.state(),
                                dev.warren.server.spaces.SpaceChanged.SYSTEM, "")));
        ScriptService scripts = new ScriptService(stores.scripts(), secrets, clock);
        new AdminBootstrap(stores.users(), users, secrets, console)
                .ensureAdmin(config.adminUsername(), config.adminEmail(), config.adminPassword());
        new DefaultTemplate(stores.templates(), templates).ensure(config.defaultImage());

        SpaceEgressStore egressOverrides = new SpaceEgressStore(database.jdbi());
        PoolStore poolStore = new PoolStore(database.jdbi(), keys.cipher());
        SpaceIdentities identities = new SpaceIdentities(poolStore);
        VolumeStore volumeStore = new VolumeStore(database.jdbi());
        VolumeMountStore volumeMountStore = new VolumeMountStore(database.jdbi());
        SnapshotStore snapshotStore = new SnapshotStore(database.jdbi());
        SpaceSpecs specs = new SpaceSpecs(parser, new SpaceSpecs.Settings(config.spaceServerUrlOrBridge(),
                !config.cliDir().isBlank(), config.zone(), config.spaceLimits(), config.maxSpaceLimits()),
                egressOverrides::find, stores.sandboxes()::find, VolumeMounts.sharedMounts(volumeMountStore),
                snapshotStore::snapshotOf);
        SpaceLocks locks = new SpaceLocks();
        SpaceDesiredStateStore desired = stores.desired();
        SpaceLifecycleManager lifecycle = new SpaceLifecycleManager(stores.spaces(), stores.templates(),
                stores.users(), runtime, specs, auth, locks, publisher, health,
                new StartupScripts(stores.scripts(), runtime, identities), desired, clock);
        SpaceAccess access = new SpaceAccess(stores.spaces());
        SpaceProperties properties = new SpaceProperties(stores.spaces(), stores.templates(), stores.users(), locks,
                lifecycle, stores.scripts());
        SpaceCommands commands = new SpaceCommands(runtime, stores.scripts(), identities);
        SpaceSessions sessions = new SpaceSessions();
        SpaceService spaces = new SpaceService(stores.spaces(), stores.users(), templates, access, lifecycle,
                properties, commands, secrets, clock, config.zone(), sessions,
                new VolumeMounts(volumeStore, volumeMountStore, stores.spaces(), specs));
        SpaceActivity activity = new SpaceActivity(sessions, clock);
        SpaceIo io = new SpaceIo(access, new SpaceProcesses(runtime, identities), new SpaceFiles(runtime), sessions, activity);
        Reconciler reconciler = new Reconciler(stores.spaces(), runtime, lifecycle, locks, health, desired,
                config.restoreRunning(), clock, poolStore::isMember);
        reconciler.reconcile();
        EgressService egress = new EgressService(stores.spaces(), stores.templates(), stores.users(),
                egressOverrides, specs, access, locks, runtime, clock);
        egress.applyRunning(); // spaces that kept running get this server's rules (and the host's current networks)

        Services services = new Services(auth, users, templates, spaces, runtime, access, events, lifecycle,
                reconciler, health, mapper);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        WarmPools pools = new WarmPools(poolStore, stores.templates(), stores.users(), runtime, specs,
                new WarmPools.Limits(config.sandboxes().poolMaxTotal(), config.zone()), clock, metrics);
        pools.recover(); // members that were starting when the server stopped go; ready ones wait on
        events.subscribe(identities::spaceChanged);
        String engineName = runtime.describe();
        ApiServices api = new ApiServices(auth, users, templates, parser, spaces,
                io, views, events, scripts, mapper, metrics,
                readiness::health, new ArrayList<>());
        api.contributors().add(new EgressRoutes(egress));
        UploadWiring uploads = UploadWiring.start(database.jdbi(), Path.of(config.dataDir()),
                config.sandboxes().uploadExpiry(), config.sandboxes().uploadMaxBytes(),
                config.sandboxes().uploadQuotaBytes(), io, access, clock, mapper);
        UploadRoutes uploadRoutes = new UploadRoutes(uploads.service());
        api.contributors().add(uploadRoutes);
        SnapshotWiring snapshots = new SnapshotWiring(snapshotStore, stores.sandboxes(), stores.spaces(),
                stores.templates(), stores.users(), access, locks, runtime, secrets, clock,
                new SnapshotSettings(config.sandboxes().forkMax()));
        // Port URLs start after the API routes are known; sandbox views ask for their URL form once they run.
        AtomicReference<SandboxService.PortUrlForm> portUrlForms = new AtomicReference<>(id -> "");
        SandboxService sandboxes = new SandboxService(spaces, stores.spaces(), stores.sandboxes(), access, lifecycle,
                new SandboxViews(stores.templates(), stores.users(), id -> portUrlForms.get().of(id)),
                new SandboxService.Lifetimes(config.sandboxes().defaultTimeout(), config.sandboxes().maxTimeout()),
                clock, snapshots.service(), new PoolClaims(pools, templates, lifecycle, identities));
        api.contributors().add(new SandboxRoutes(sandboxes));
        api.contributors().add(new PoolRoutes(pools, templates));
        api.contributors().add(new SnapshotRoutes(snapshots.service(), snapshots.forks(sandboxes)));
        VolumeWiring volumes = VolumeWiring.start(volumeStore, volumeMountStore, stores.spaces(), stores.users(),
                new ServerSettingsStore(database.jdbi()), keys.cipher(), runtime, secrets, clock);
        api.contributors().add(new VolumeRoutes(volumes.volumes(), volumes.files()));
        SandboxTimeouts timeouts = new SandboxTimeouts(stores.spaces(), stores.sandboxes(), lifecycle, activity,
                config.sandboxes().pausedRetention(), new SnapshotRetention(snapshots.service(), lifecycle,
                        stores.sandboxes(), stores.users(), config.sandboxes().maxTimeout(), clock), clock);
        List<AutoCloseable> closeables = new ArrayList<>();
        List<WebExtension> extensions = new ArrayList<>();
        AtomicInteger serverPort = new AtomicInteger();
        SpaceOrigins origins = new SpaceOrigins();
        Extensions.add(config, services, stores, api, extensions, closeables, serverPort::get, origins);
        var portUrlWiring = Extensions.portUrls(config, services, stores, database.jdbi(), api, closeables, secrets,
                clock, new WakeHandler() {
                    @Override
                    public java.util.Optional<String> wake(Space space) {
                        return sandboxes.wakeForTraffic(space.id()) ? java.util.Optional.empty()
                                : java.util.Optional.of("Space " + space.name() + " is paused and does not wake on"
                                        + " traffic (auto_resume is off): resume it to reach its ports.");
                    }

                    @Override
                    public void used(Space space) {
                        activity.begin(space.id());
                    }

                    @Override
                    public void released(Space space) {
                        activity.end(space.id());
                    }
                });
        portUrlForms.set(portUrlWiring::urlForm);
        Extensions.e2b(config, services, stores, database.jdbi(), sandboxes, io, snapshots, portUrlWiring,
                extensions, closeables);
        extensions.add(uploadRoutes); // OPTIONS /api/uploads (tus discovery)
        HttpServer http = new HttpServer(new HttpServer.Settings(config.host(), config.port(),
                config.maxBodyBytes(), VERSION, config.secureCookies()), new Authenticator(auth, origins), api, extensions,
                sessions::openCount).start();
        serverPort.set(http.port());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("warren-reconciler").daemon(true).factory());
        long every = Math.max(1, config.reconcileInterval().toSeconds());
        scheduler.scheduleWithFixedDelay(reconciler::reconcile, every, every, TimeUnit.SECONDS);
        snapshots.start(events, scheduler, config.reconcileInterval());
        long refresh = config.egressRefresh().toSeconds();
        scheduler.scheduleWithFixedDelay(egress::applyRunning, refresh, refresh, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(pools::refill, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> forgetExpiredSessions(stores.sessions(), clock), 0, 1, TimeUnit.HOURS);
        long sweep = uploads.sweepEvery().toMillis();
        scheduler.scheduleWithFixedDelay(uploads.janitor()::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("warren-sandbox-reaper").daemon(true).factory());
        // Every second, from the start: sandboxes whose time passed while the server was down end at once.
        reaper.scheduleWithFixedDelay(timeouts::enforce, 0, 1, TimeUnit.SECONDS);
        closeables.add(reaper::shutdownNow);
        closeables.add(pools);
        LOG.info("warren {} serving on port {} with {} and {}", VERSION, http.port(), engineName, database.vendor());
        closeables.add(events);
        return new WarrenServer(database, runtime, config.shutdownGrace(), sessions, http, scheduler, closeables, stores,
                services, origins);
    }

    /** Expired browser sessions are useless rows; drop them hourly so the table stays small. Never throws. */
    private static void forgetExpiredSessions(SessionStore sessions, Clock clock) {
        try {
            sessions.deleteExpired(clock.instant());
        } catch (RuntimeException error) {
            LOG.warn("Could not delete expired sessions: {}", error.getMessage());
        }
    }

    public int port() {
        return http.port();
    }

    public Stores stores() {
        return stores;
    }

    /** The port the port URL proxy listens on (known once started: the setting may be 0), or -1 when it is off. */
    public int portProxyPort() {
        return closeables.stream().filter(dev.warren.server.ports.PortUrlWiring.class::isInstance)
                .mapToInt(wiring -> ((dev.warren.server.ports.PortUrlWiring) wiring).port()).findFirst().orElse(-1);
    }

    /** The store itself, for tests that compare every table before and after a refused request. */
    public Database database() {
        return database;
    }

    public Services services() {
        return services;
    }

    /** Which space each connection of the in-space API bridges comes from (tests stand in for a bridge with it). */
    public SpaceOrigins spaceOrigins() {
        return origins;
    }

    /** The runtime as Docker/Podman, for engine-level checks in tests and benchmarks. */
    public DockerSpaceRuntime docker() {
        if (runtime instanceof DockerSpaceRuntime docker) {
            return docker;
        }
        throw new IllegalStateException("This server runs spaces on " + runtime.describe() + ", not on an engine.");
    }

    public HttpServer http() {
        return http;
    }

    @Override
    public void close() {
        LOG.info("Stopping: refusing new requests, letting those in flight finish (up to {} s); spaces, their agents"
                + " and forwarding rules keep running and are adopted at the next start.", shutdownGrace.toSeconds());
        scheduler.shutdownNow();
        http.drain(shutdownGrace);
        int ended = sessions.closeAll("The server is shutting down; the process goes on only if it was started in the"
                + " background.");
        if (ended > 0) {
            LOG.info("Closed {} open terminal(s) and process stream(s).", ended);
        }
        http.close();
        for (AutoCloseable closeable : closeables.reversed()) {
            try {
                closeable.close();
            } catch (Exception error) {
                LOG.warn("Closing {} failed: {}", closeable, error.getMessage());
            }
        }
        runtime.close();
        database.close();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }

    private static String normalizedArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
