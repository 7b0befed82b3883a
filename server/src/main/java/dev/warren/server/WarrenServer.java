package dev.warren.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Health;
import dev.warren.client.wire.WireJson;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.engine.Engine;
import dev.warren.engine.docker.EngineLocator;
import dev.warren.server.auth.AuthService;
import dev.warren.server.auth.LoginRateLimiter;
import dev.warren.server.auth.PasswordHasher;
import dev.warren.server.auth.Secrets;
import dev.warren.server.http.ApiServices;
import dev.warren.server.http.Authenticator;
import dev.warren.server.http.HttpServer;
import dev.warren.server.http.WebExtension;
import dev.warren.server.scripts.ScriptService;
import dev.warren.server.spaces.Reconciler;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceCommands;
import dev.warren.server.spaces.SpaceEvents;
import dev.warren.server.spaces.SpaceFiles;
import dev.warren.server.spaces.SpaceLabels;
import dev.warren.server.spaces.SpaceLifecycleManager;
import dev.warren.server.spaces.SpaceLocks;
import dev.warren.server.spaces.SpaceProperties;
import dev.warren.server.spaces.SpaceRuntime;
import dev.warren.server.spaces.SpaceService;
import dev.warren.server.spaces.SpaceViews;
import dev.warren.server.templates.DefaultTemplate;
import dev.warren.server.templates.TemplateService;
import dev.warren.server.users.AdminBootstrap;
import dev.warren.server.users.UserService;
import dev.warren.store.Database;
import dev.warren.store.PortForwardStore;
import dev.warren.store.ScriptStore;
import dev.warren.store.SessionStore;
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
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wiring: opens the store, connects the engine, builds every service with its dependencies passed in
 * constructors, reconciles, then serves HTTP. {@link #close()} stops everything in reverse order.
 */
public final class WarrenServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarrenServer.class);
    public static final String VERSION = "0.1.0";

    private final Database database;
    private final Engine engine;
    private final HttpServer http;
    private final ScheduledExecutorService scheduler;
    private final List<AutoCloseable> closeables;
    private final Stores stores;
    private final Services services;

    /** The repositories, exposed for tests that check "nothing changed in the store". */
    public record Stores(UserStore users, TokenStore tokens, SessionStore sessions, TemplateStore templates,
            SpaceStore spaces, ScriptStore scripts, PortForwardStore forwards) {}

    /** The services, exposed for extensions (web UI, port forwarding) and tests. */
    public record Services(AuthService auth, UserService users, TemplateService templates, SpaceService spaces,
            SpaceRuntime runtime, SpaceAccess access, SpaceEvents events, SpaceLifecycleManager lifecycle,
            Reconciler reconciler, SpaceLabels labels, Engine engine, ObjectMapper mapper) {}

    private WarrenServer(Database database, Engine engine, HttpServer http, ScheduledExecutorService scheduler,
            List<AutoCloseable> closeables, Stores stores, Services services) {
        this.database = database;
        this.engine = engine;
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
        return start(config, engine, console);
    }

    /** Starts a server on the given engine, which it closes on {@link #close()}. */
    public static WarrenServer start(Config config, Engine engine, PrintStream console) {
        Database database = Database.open(config.databaseUrl());
        Clock clock = Clock.systemUTC();
        Stores stores = new Stores(new UserStore(database.jdbi()), new TokenStore(database.jdbi()),
                new SessionStore(database.jdbi()), new TemplateStore(database.jdbi()), new SpaceStore(database.jdbi()),
                new ScriptStore(database.jdbi()), new PortForwardStore(database.jdbi()));
        Secrets secrets = new Secrets();
        PasswordHasher hasher = new PasswordHasher(config.bcryptCost());
        ObjectMapper mapper = WireJson.newMapper(false);
        TemplateSpecParser parser = new TemplateSpecParser();

        AuthService auth = new AuthService(stores.users(), stores.tokens(), stores.sessions(), hasher, secrets,
                new LoginRateLimiter(clock, 5, Duration.ofMinutes(1)), clock, config.sessionLifetime());
        UserService users = new UserService(stores.users(), hasher, secrets, clock);
        SpaceEvents events = new SpaceEvents();
        SpaceViews views = new SpaceViews(stores.spaces(), stores.templates(), stores.users(), parser, hostname(),
                "linux/" + normalizedArch());
        // A replaced template may flip "update available" on its spaces: tell the browsers watching them.
        TemplateService templates = new TemplateService(stores.templates(), parser, secrets, clock,
                template -> stores.spaces().listAll().stream()
                        .filter(space -> space.templateId().equals(template.id()))
                        .forEach(space -> publish(events, views, stores.spaces(), space, "")));
        ScriptService scripts = new ScriptService(stores.scripts(), secrets, clock);
        new AdminBootstrap(stores.users(), users, secrets, console)
                .ensureAdmin(config.adminUsername(), config.adminEmail(), config.adminPassword());
        new DefaultTemplate(stores.templates(), templates).ensure(config.defaultImage());

        SpaceLabels labels = new SpaceLabels(Secrets.sha256(config.databaseUrl()).substring(0, 12));
        SpaceRuntime runtime = new SpaceRuntime(engine, parser, labels, new SpaceRuntime.Settings(
                config.spaceServerUrlOrBridge(), config.cliDir(), config.zone(), 0));
        SpaceLocks locks = new SpaceLocks();
        SpaceLifecycleManager lifecycle = new SpaceLifecycleManager(stores.spaces(), stores.templates(),
                stores.users(), runtime, auth, locks,
                (space, detail) -> publish(events, views, stores.spaces(), space, detail), clock);
        SpaceAccess access = new SpaceAccess(stores.spaces());
        SpaceProperties properties = new SpaceProperties(stores.spaces(), stores.templates(), stores.users(), locks,
                lifecycle);
        SpaceCommands commands = new SpaceCommands(engine, runtime, stores.scripts());
        SpaceService spaces = new SpaceService(stores.spaces(), stores.users(), templates, access, lifecycle,
                properties, commands, secrets, clock, config.zone());
        Reconciler reconciler = new Reconciler(stores.spaces(), engine, runtime, lifecycle, locks, labels);
        reconciler.reconcile();

        Services services = new Services(auth, users, templates, spaces, runtime, access, events, lifecycle,
                reconciler, labels, engine, mapper);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        String engineName = engine.info().kind().name().toLowerCase() + " " + engine.info().version();
        ApiServices api = new ApiServices(auth, users, templates, parser, spaces,
                new SpaceFiles(access, runtime, engine), views, events, scripts, mapper, metrics,
                () -> new Health("ok", VERSION, engineName, database.vendor()), new ArrayList<>());
        List<AutoCloseable> closeables = new ArrayList<>();
        List<WebExtension> extensions = new ArrayList<>();
        AtomicInteger serverPort = new AtomicInteger();
        Extensions.add(config, services, stores, api, extensions, closeables, serverPort::get);
        HttpServer http = new HttpServer(new HttpServer.Settings(config.host(), config.port(),
                config.maxBodyBytes(), VERSION, config.secureCookies()), new Authenticator(auth), api, extensions)
                .start();
        serverPort.set(http.port());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("warren-reconciler").daemon(true).factory());
        long every = Math.max(1, config.reconcileInterval().toSeconds());
        scheduler.scheduleWithFixedDelay(reconciler::reconcile, every, every, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> forgetExpiredSessions(stores.sessions(), clock), 0, 1, TimeUnit.HOURS);
        LOG.info("warren {} serving on port {} with {} and {}", VERSION, http.port(), engineName, database.vendor());
        return new WarrenServer(database, engine, http, scheduler, closeables, stores, services);
    }

    private static void publish(SpaceEvents events, SpaceViews views, SpaceStore spaces,
            dev.warren.core.model.Space space, String detail) {
        Set<String> audience = new HashSet<>(spaces.sharesOf(space.id()));
        audience.add(space.userId());
        events.publish(new SpaceEvents.Delivery(views.event(space, detail), audience));
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

    public Services services() {
        return services;
    }

    public HttpServer http() {
        return http;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.close();
        for (AutoCloseable closeable : closeables.reversed()) {
            try {
                closeable.close();
            } catch (Exception error) {
                LOG.warn("Closing {} failed: {}", closeable, error.getMessage());
            }
        }
        engine.close();
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
