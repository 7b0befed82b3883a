package dev.warren.server.http;

import dev.warren.server.http.Route.Access;
import io.javalin.http.Handler;

/**
 * The public face of the route table for packages outside http (e.g. the port forwarder): each route is served
 * and documented in the OpenAPI document. {@code userOrSpace}: space tokens may call it too.
 */
public final class RouteTable {
    private final Api api;

    RouteTable(Api api) {
        this.api = api;
    }

    public RouteTable tag(String tag) {
        api.tag(tag);
        return this;
    }

    public RouteTable get(String path, String summary, Class<?> response, boolean userOrSpace, Handler handler) {
        api.get(path, summary, response, access(userOrSpace), handler);
        return this;
    }

    public RouteTable post(String path, String summary, Class<?> request, Class<?> response, boolean userOrSpace,
            Handler handler) {
        api.post(path, summary, request, response, access(userOrSpace), handler);
        return this;
    }

    public RouteTable put(String path, String summary, Class<?> request, Class<?> response, boolean userOrSpace,
            Handler handler) {
        api.put(path, summary, request, response, access(userOrSpace), handler);
        return this;
    }

    public RouteTable patch(String path, String summary, Class<?> request, Class<?> response, boolean userOrSpace,
            Handler handler) {
        api.patch(path, summary, request, response, access(userOrSpace), handler);
        return this;
    }

    /** A route only admins may call. */
    public RouteTable putForAdmins(String path, String summary, Class<?> request, Class<?> response,
            Handler handler) {
        api.put(path, summary, request, response, Access.ADMIN, handler);
        return this;
    }

    public RouteTable delete(String path, String summary, Class<?> response, boolean userOrSpace, Handler handler) {
        api.delete(path, summary, response, access(userOrSpace), handler);
        return this;
    }

    /** A route that needs no credentials: what it serves must carry its own (e.g. a signed download link). */
    public RouteTable publicGet(String path, String summary, Class<?> response, Handler handler) {
        api.get(path, summary, response, Access.PUBLIC, handler);
        return this;
    }

    /** Parses a JSON body like every API route: size limit, clear 400 on bad JSON. */
    public static <T> T body(io.javalin.http.Context ctx, Class<T> type) {
        Bodies bodies = ctx.appData(BODIES);
        return bodies.read(ctx, type);
    }

    /** The same, for routes whose every field is optional: an empty body is null. */
    public static <T> T bodyOrNull(io.javalin.http.Context ctx, Class<T> type) {
        Bodies bodies = ctx.appData(BODIES);
        return bodies.readOptional(ctx, type);
    }

    static final io.javalin.config.Key<Bodies> BODIES = new io.javalin.config.Key<>("warren.bodies");

    private static Access access(boolean userOrSpace) {
        return userOrSpace ? Access.USER_OR_SPACE : Access.USER;
    }
}
