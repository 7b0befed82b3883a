package dev.warren.server.http;

import dev.warren.server.e2b.E2bExchange;
import dev.warren.server.e2b.E2bGateway;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Serves the E2B-compatible API under its prefix on the API port: every method and path below the prefix goes to
 * the {@link E2bGateway}, which authenticates and answers in E2B's shapes (not warren's error mapping, not its
 * OpenAPI document: this is E2B's API). Bodies are streamed both ways.
 */
public final class E2bRoutes implements WebExtension {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    private final String prefix;
    private final E2bGateway gateway;

    public E2bRoutes(String prefix, E2bGateway gateway) {
        this.prefix = prefix;
        this.gateway = gateway;
    }

    @Override
    public void configure(JavalinConfig config, Authenticator authenticator) {
        for (HandlerType method : METHODS) {
            config.routes.addEndpoint(new Endpoint(method, prefix + "/<path>",
                    ctx -> gateway.handle(new Exchange(ctx, prefix))));
        }
    }

    /** A Javalin request seen as an {@link E2bExchange}. */
    private record Exchange(Context ctx, String prefix) implements E2bExchange {
        @Override
        public String method() {
            return ctx.method().name();
        }

        @Override
        public String path() {
            String path = ctx.path().substring(prefix.length());
            return path.isEmpty() ? "/" : path;
        }

        @Override
        public String header(String name) {
            return ctx.header(name);
        }

        @Override
        public String query(String name) {
            return ctx.queryParam(name);
        }

        @Override
        public InputStream body() throws IOException {
            return ctx.req().getInputStream();
        }

        @Override
        public void status(int status) {
            ctx.res().setStatus(status);
        }

        @Override
        public void header(String name, String value) {
            if (name.equalsIgnoreCase("Content-Type")) {
                ctx.res().setContentType(value);
            } else {
                ctx.res().setHeader(name, value);
            }
        }

        @Override
        public OutputStream output() throws IOException {
            return ctx.res().getOutputStream();
        }
    }
}
