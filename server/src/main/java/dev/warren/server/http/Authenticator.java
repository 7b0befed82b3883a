package dev.warren.server.http;

import dev.warren.core.NotFoundException;
import dev.warren.core.UnauthenticatedException;
import dev.warren.core.ForbiddenException;
import dev.warren.server.auth.AuthService;
import dev.warren.server.auth.Caller;
import dev.warren.server.auth.SpaceOrigins;
import dev.warren.server.http.Route.Access;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the caller of a request (bearer token first, then the session cookie) and enforces a route's access.
 * Session-authenticated unsafe requests must carry the session's CSRF token in {@value #CSRF_HEADER}; bearer
 * requests need none, since a browser never adds that header on its own. A space token is accepted only on a request
 * that arrived through its own space's in-space API bridge ({@link SpaceOrigins}, ADR 0007).
 */
public final class Authenticator {
    public static final String SESSION_COOKIE = "warren_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CALLER = "warren.caller";

    private final AuthService auth;
    private final SpaceOrigins origins;

    public Authenticator(AuthService auth, SpaceOrigins origins) {
        this.auth = auth;
        this.origins = origins;
    }

    /** Resolves and caches the caller; empty when the request has no valid credentials. */
    public Optional<Caller> resolve(Context ctx) {
        Caller cached = ctx.attribute(CALLER);
        if (cached != null) {
            return Optional.of(cached);
        }
        String header = ctx.header("Authorization");
        Optional<Caller> caller;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            caller = auth.fromBearer(header.substring(7).strip());
            if (caller.isEmpty()) {
                throw new UnauthenticatedException("The bearer token is invalid, expired or revoked.");
            }
            if (caller.get().isSpaceToken() && !cameFromItsSpace(ctx, caller.get().spaceId())) {
                throw new UnauthenticatedException("A space token is accepted only from inside its own space, through"
                        + " the server's API on 127.0.0.1 there (WARREN_SERVER); from anywhere else use a user"
                        + " token.");
            }
        } else {
            caller = auth.fromSession(ctx.cookie(SESSION_COOKIE));
        }
        caller.ifPresent(value -> ctx.attribute(CALLER, value));
        return caller;
    }

    /** Whether the request's connection is one the space's own in-space bridge relays (never for others). */
    private boolean cameFromItsSpace(Context ctx, String spaceId) {
        return origins.spaceOf(ctx.req().getRemoteAddr(), ctx.req().getRemotePort())
                .filter(spaceId::equals).isPresent();
    }

    /** The caller of a request that passed {@link #enforce}; never null there. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new UnauthenticatedException("Log in or send a bearer token.");
        }
        return caller;
    }

    void enforce(Context ctx, Access access) {
        if (access == Access.PUBLIC) {
            return;
        }
        Caller caller = resolve(ctx).orElseThrow(() -> new UnauthenticatedException("Log in or send a bearer token."));
        if (caller.csrfToken() != null && isUnsafe(ctx.method())) {
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    caller.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new ForbiddenException("The request lacks a valid " + CSRF_HEADER + " header for this session.");
            }
        }
        switch (access) {
            case USER -> {
                if (caller.isSpaceToken()) {
                    throw new NotFoundException("This resource is not available to a space token.");
                }
            }
            case ADMIN -> {
                if (!caller.isAdmin()) {
                    throw new NotFoundException("This resource was not found.");
                }
            }
            default -> { }
        }
    }

    private static boolean isUnsafe(HandlerType method) {
        return method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.PATCH
                || method == HandlerType.DELETE;
    }
}
