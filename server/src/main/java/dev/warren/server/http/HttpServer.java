package dev.warren.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Health;
import dev.warren.server.http.Route.Access;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP server: every API route from the {@link Api} table, the error mapping, {@code /health},
 * {@code /metrics} and {@code /api/openapi.json}, plus web extensions (UI, terminal). Blocking handlers run on
 * virtual threads.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private final List<Route> routes;
    private final ShutdownGate gate = new ShutdownGate();
    private final java.util.function.IntSupplier streams;

    /**
     * Builds the server; call {@link #start()} to listen. {@code extensions} add non-API handlers (web UI, terminal).
     */
    public HttpServer(Settings settings, Authenticator authenticator, ApiServices services,
            List<WebExtension> extensions) {
        this(settings, authenticator, services, extensions, () -> 0);
    }

    /** @param streams how many long-lived streams are open now (not waited for at shutdown) */
    public HttpServer(Settings settings, Authenticator authenticator, ApiServices services,
            List<WebExtension> extensions, java.util.function.IntSupplier streams) {
        this.streams = streams;
        ObjectMapper mapper = services.mapper();
        PrometheusMeterRegistry metrics = services.metrics();
        Bodies bodies = new Bodies(mapper, settings.maxBodyBytes());
        Api api = new Api();
        new AccountRoutes(services.auth(), services.users(), bodies, settings.secureCookies()).addTo(api);
        new TemplateRoutes(services.templates(), services.parser(), bodies).addTo(api);
        new SpaceRoutes(services.spaces(), services.views(), bodies).addTo(api);
        new FileRoutes(services.io()).addTo(api);
        new FileOperationRoutes(services.io(), bodies, new FileWatchStreams(services.io(), mapper)).addTo(api);
        new ProcessRoutes(services.io(), bodies, new ProcessStreams(mapper)).addTo(api);
        new ScriptRoutes(services.scripts(), bodies).addTo(api);
        EventRoutes eventRoutes = new EventRoutes(services.events(), services.views(), mapper);
        eventRoutes.addTo(api);
        services.contributors().forEach(contributor -> contributor.addTo(new RouteTable(api)));
        api.tag("meta")
                .get("/health", "Readiness: 200 when the store and the runtime answer, else 503 naming what is "
                        + "down.", Health.class, Access.PUBLIC, ctx -> {
                    Health health = services.health().get();
                    ctx.status(health.ok() ? 200 : 503).json(health);
                })
                .get("/health/live", "Liveness: 200 while the process serves requests.", Health.class,
                        Access.PUBLIC, ctx -> ctx.json(new Health("ok", settings.version(), null, null, null)))
                .get("/metrics", "Prometheus metrics.", null, Access.PUBLIC,
                        ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
        AtomicReference<Map<String, Object>> document = new AtomicReference<>();
        api.get("/api/openapi.json", "This OpenAPI document.", null, Access.PUBLIC, ctx -> ctx.json(document.get()));
        this.routes = api.routes();
        document.set(new OpenApiDocument().build(routes, settings.version()));
        ErrorMapper errors = new ErrorMapper();
        ShutdownGate gate = this.gate;
        this.app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(mapper, true));
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.requestLogger.http((ctx, millis) -> Timer.builder("warren.http.requests")
                    .tag("method", ctx.method().name())
                    .tag("route", routeOf(ctx))
                    .tag("status", String.valueOf(ctx.statusCode()))
                    .register(metrics).record(Duration.ofNanos((long) (millis * 1_000_000))));
            config.routes.before(gate::enter);
            // A change answers once its space events reached their subscribers (outside every lock): the in-space
            // API is open when a start returns, forwards are gone when a transfer returns.
            config.routes.after(ctx -> {
                if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
                    services.events().awaitDelivered(Duration.ofSeconds(10));
                }
            });
            config.routes.after(gate::leave);
            config.routes.exception(Exception.class, errors::handle);
            api.registerWith(config.routes, authenticator::enforce);
            config.appData(RouteTable.BODIES, bodies);
            eventRoutes.configure(config, authenticator);
            extensions.forEach(extension -> extension.configure(config, authenticator));
        });
    }

    private static String routeOf(io.javalin.http.Context ctx) {
        try {
            return ctx.endpoint().path; // a bounded tag: the route pattern, never the raw path
        } catch (RuntimeException unmatched) {
            return "unmatched";
        }
    }

    /** Settings the HTTP layer needs. */
    public record Settings(String host, int port, long maxBodyBytes, String version, boolean secureCookies) {}

    public HttpServer start() {
        app.start();
        return this;
    }

    /** The bound port (useful when configured as 0 in tests). */
    public int port() {
        return app.port();
    }

    /** Every documented route, for the OpenAPI coverage test. */
    public List<String> documentedRoutes() {
        return routes.stream().map(route -> route.method() + " " + route.path()).toList();
    }

    /** Every route Javalin serves, for the OpenAPI coverage test. */
    public List<String> servedRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint.method + " " + parsed.endpoint.path).toList();
    }

    /**
     * The first half of a graceful stop: from now on new requests are refused with 503, and requests in flight (open
     * streams and terminals aside, which the caller closes with a reason next) get up to {@code grace} to finish.
     * Returns how many are still in flight.
     */
    public int drain(Duration grace) {
        int left = gate.awaitIdle(grace, streams.getAsInt());
        if (left > streams.getAsInt()) {
            LOG.info("{} request(s) still in flight after {} s; stopping anyway.", left - streams.getAsInt(),
                    grace.toSeconds());
        }
        return left;
    }

    /** Stops listening; whatever is still open is cut. */
    @Override
    public void close() {
        app.stop();
    }
}
