package dev.warren.server.http;

import dev.warren.server.http.Route.Access;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The route table. Routes classes add to it; it then registers every route with Javalin and feeds the OpenAPI
 * document, so a served route is a documented route by construction. Not thread-safe: filled once at start-up.
 */
final class Api {
    private final List<Route> routes = new ArrayList<>();
    private String tag = "misc";

    Api tag(String newTag) {
        this.tag = newTag;
        return this;
    }

    Api get(String path, String summary, Class<?> response, Access access, Handler handler) {
        return add(HandlerType.GET, path, summary, null, response, access, handler);
    }

    Api post(String path, String summary, Class<?> request, Class<?> response, Access access, Handler handler) {
        return add(HandlerType.POST, path, summary, request, response, access, handler);
    }

    Api put(String path, String summary, Class<?> request, Class<?> response, Access access, Handler handler) {
        return add(HandlerType.PUT, path, summary, request, response, access, handler);
    }

    Api patch(String path, String summary, Class<?> request, Class<?> response, Access access, Handler handler) {
        return add(HandlerType.PATCH, path, summary, request, response, access, handler);
    }

    Api delete(String path, String summary, Class<?> response, Access access, Handler handler) {
        return add(HandlerType.DELETE, path, summary, null, response, access, handler);
    }

    private Api add(HandlerType method, String path, String summary, Class<?> request, Class<?> response,
            Access access, Handler handler) {
        routes.add(new Route(method, path, tag, summary, request, response, access, handler));
        return this;
    }

    /** Documents a route that is registered separately (server-sent events). */
    Api documentOnly(String path, String summary, Class<?> response, Access access) {
        return add(HandlerType.GET, path, summary, null, response, access, null);
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Registers every route, wrapping each handler with the access check of its route. */
    void registerWith(RoutesConfig config, AccessCheck check) {
        for (Route route : routes) {
            if (route.handler() == null) {
                continue; // documented here, served elsewhere (the events stream)
            }
            Handler guarded = ctx -> {
                check.enforce(ctx, route.access());
                route.handler().handle(ctx);
            };
            config.addEndpoint(new Endpoint(route.method(), route.path(), guarded));
        }
    }

    @FunctionalInterface
    interface AccessCheck {
        void enforce(io.javalin.http.Context ctx, Access access);
    }
}
