package dev.warren.server.ports;

import dev.warren.core.model.Space;
import dev.warren.server.auth.AuthService;
import dev.warren.server.auth.Caller;
import dev.warren.server.auth.Secrets;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.store.PreviewTokenStore;
import dev.warren.store.PreviewTokenStore.PreviewToken;
import dev.warren.store.PublicPortStore;
import dev.warren.store.SpaceStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who may reach a port, private by default: a public port needs nothing; otherwise a warren token or browser session
 * of a user who may use the space (owner, shared users, admins), or a preview token for exactly this space and
 * port that has not expired or been revoked. Cookies count on host-based URLs only: path-based URLs of all spaces
 * share one origin, where a page of one space could read another space with the visitor's cookies; there a preview
 * token is sent in the query on every request (no redirect, no cookie), or as a header. Also takes warren's credentials out of the request (the Authorization
 * field when it carries a warren token, warren's cookies, the preview field), so the space never sees them.
 * Unknown and not-yours spaces get the same 404. Thread-safe; reads the store.
 */
final class ProxyGate {
    static final String PREVIEW_HEADER = "X-Warren-Preview";
    static final String PREVIEW_COOKIE = "warren_preview_";

    /** What to do with an authorised request. */
    sealed interface Decision permits Allow, Redirect {}

    /** Pass it to the space; {@code previewId} names the preview token that opened it (null for others). */
    record Allow(Space space, String previewId) implements Decision {}

    /** A preview link: answer 302 to {@code location} (the same URL without the token), setting {@code cookie}. */
    record Redirect(String location, String cookie) implements Decision {}

    /** Settings of the gate. {@code secureCookies}: preview cookies get the Secure flag (port URLs are https). */
    record Settings(String sessionCookie, boolean secureCookies) {}

    private final SpaceStore spaces;
    private final SpaceAccess access;
    private final AuthService auth;
    private final PreviewTokenStore previews;
    private final PublicPortStore publicPorts;
    private final Predicate<String> openSpaces;
    private final Clock clock;
    private final Settings settings;

    /** @param openSpaces spaces whose every port is public (a sandbox created with {@code secure: false}) */
    ProxyGate(SpaceStore spaces, SpaceAccess access, AuthService auth, PreviewTokenStore previews,
            PublicPortStore publicPorts, Predicate<String> openSpaces, Clock clock, Settings settings) {
        this.spaces = spaces;
        this.access = access;
        this.auth = auth;
        this.previews = previews;
        this.publicPorts = publicPorts;
        this.openSpaces = openSpaces;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Decides, and strips warren's credentials from {@code head} whatever the decision.
     *
     * @throws ProxyRefusal 401 without valid credentials, 404 for a space the caller may not use
     */
    Decision decide(ProxyTarget target, RequestHead head) {
        Credentials credentials = takeCredentials(target, head);
        Optional<Space> space = spaces.findById(target.spaceId());
        if (space.isPresent() && (openSpaces.test(space.get().id())
                || publicPorts.isPublic(space.get().id(), target.port()))) {
            return new Allow(space.get(), null);
        }
        Optional<Caller> user = credentials.user();
        if (user.isPresent() && space.isPresent() && access.canSee(user.get(), space.get())) {
            return new Allow(space.get(), null);
        }
        if (credentials.preview() != null) {
            Instant now = clock.instant();
            Optional<PreviewToken> token = previews.findByHash(Secrets.sha256(credentials.preview()))
                    .filter(found -> found.opens(target.spaceId(), target.port(), now));
            if (token.isEmpty() || space.isEmpty()) {
                throw new ProxyRefusal(401, "This preview token does not open port " + target.port() + " of space "
                        + target.spaceId() + ": it was made for another space or port, it expired, or it was"
                        + " revoked. Ask the space's owner for a new preview link.");
            }
            if (credentials.fromQuery() && !target.pathBased()) {
                return new Redirect(target.withoutPreview(), cookie(target, credentials.preview(),
                        Duration.between(now, token.get().expiresAt())));
            }
            return new Allow(space.get(), token.get().id());
        }
        if (user.isPresent()) {
            throw new ProxyRefusal(404, "There is no space " + target.spaceId() + ", or it is not yours.");
        }
        throw new ProxyRefusal(401, "Port " + target.port() + " of space " + target.spaceId() + " is private: send"
                + " a warren token (Authorization: Bearer …), open it from the web UI, or use a preview link"
                + " (?" + ProxyTarget.PREVIEW_PARAMETER + "=…).");
    }

    /** The warren credentials of the request, removed from it. */
    private Credentials takeCredentials(ProxyTarget target, RequestHead head) {
        Optional<Caller> user = Optional.empty();
        String authorization = head.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<Caller> caller = auth.fromBearer(authorization.substring(7).strip());
            if (caller.isPresent()) {
                head.remove("Authorization"); // a warren token: the space must never see it
                // a space token is for the in-space API only (ADR 0007), never a key to ports
                user = caller.filter(found -> !found.isSpaceToken());
            } // any other bearer token is the application's own and passes untouched
        }
        String session = null;
        String previewCookie = null;
        List<String> kept = new ArrayList<>();
        for (String field : head.headers("Cookie")) {
            for (String pair : field.split(";")) {
                String trimmed = pair.strip();
                int equals = trimmed.indexOf('=');
                String name = equals < 0 ? trimmed : trimmed.substring(0, equals);
                String value = equals < 0 ? "" : trimmed.substring(equals + 1);
                if (name.equals(settings.sessionCookie())) {
                    session = value;
                } else if (name.equals(PREVIEW_COOKIE + target.port())) {
                    previewCookie = value;
                } else if (!name.startsWith(PREVIEW_COOKIE) && !trimmed.isEmpty()) {
                    kept.add(trimmed);
                }
            }
        }
        head.remove("Cookie");
        if (!kept.isEmpty()) {
            head.set("Cookie", String.join("; ", kept));
        }
        String previewHeader = head.header(PREVIEW_HEADER);
        head.remove(PREVIEW_HEADER);
        // path-based URLs of every space share one origin, so a page of one space could read another's with the
        // visitor's cookies: there, only explicit credentials count (bearer, preview header or parameter)
        boolean cookiesCount = !target.pathBased() && CrossSite.allowsCookies(head, target);
        if (user.isEmpty() && session != null && cookiesCount) {
            user = auth.fromSession(session);
        }
        if (target.preview() != null) {
            return new Credentials(user, target.preview(), true);
        }
        if (previewHeader != null && !previewHeader.isBlank()) {
            return new Credentials(user, previewHeader.strip(), false);
        }
        return new Credentials(user, cookiesCount ? previewCookie : null, false);
    }

    /** Host-only (no Domain attribute): sent back to this port's host alone. */
    private String cookie(ProxyTarget target, String token, Duration life) {
        return PREVIEW_COOKIE + target.port() + "=" + token + "; Path=/; Max-Age=" + Math.max(1, life.toSeconds()) + "; HttpOnly; SameSite=Lax"
                + (settings.secureCookies() ? "; Secure" : "");
    }

    private record Credentials(Optional<Caller> user, String preview, boolean fromQuery) {}
}
