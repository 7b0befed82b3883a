package dev.warren.server.ports;

import dev.warren.client.wire.PortUrls.CreatedPreview;
import dev.warren.client.wire.PortUrls.PortUrl;
import dev.warren.client.wire.PortUrls.PreviewInfo;
import dev.warren.client.wire.PortUrls.PreviewRequest;
import dev.warren.client.wire.PortUrls.PublicRequest;
import dev.warren.core.ConflictException;
import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.server.auth.Caller;
import dev.warren.server.auth.Secrets;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.store.PreviewTokenStore;
import dev.warren.store.PreviewTokenStore.PreviewToken;
import dev.warren.store.PublicPortStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The port URL rules behind the REST routes: a port's URL, preview tokens (minted for one space and one port with
 * an expiry, stored hashed, listed without their secret, revocable) and public ports. Anyone who may use the space
 * (owner, shared users, admins) may read URLs and mint previews; a preview is revoked by its creator or by whoever
 * manages the space; only the owner or an admin makes a port public. Input is validated before anything is read or
 * written; a space the caller may not see is a 404 like a missing one. Thread-safe; blocking.
 */
public final class PortUrlService {
    /** A preview's life when the request names none. */
    static final Duration DEFAULT_PREVIEW_TTL = Duration.ofHours(1);

    /** How a port's URL is written, for the proxy's actual listening port (see SandboxSettings.portUrl). */
    @FunctionalInterface
    public interface UrlForm {
        String url(String spaceId, int port);
    }

    /**
     * @param enabled       false when port URLs are off ({@code WARREN_PORT_PROXY_PORT=-1}): every call is a 409
     * @param previewMaxTtl the longest life of a preview token
     */
    public record Settings(boolean enabled, Duration previewMaxTtl, UrlForm urls) {}

    private final SpaceAccess access;
    private final PreviewTokenStore previews;
    private final PublicPortStore publicPorts;
    private final Secrets secrets;
    private final Clock clock;
    private final Settings settings;
    private final Consumer<String> revoked;

    /** @param revoked told the id of each revoked preview token (the proxy closes its connections) */
    public PortUrlService(SpaceAccess access, PreviewTokenStore previews, PublicPortStore publicPorts, Secrets secrets,
            Clock clock, Settings settings, Consumer<String> revoked) {
        this.access = access;
        this.previews = previews;
        this.publicPorts = publicPorts;
        this.secrets = secrets;
        this.clock = clock;
        this.settings = settings;
        this.revoked = revoked;
    }

    /** The port's URL and whether it is public. */
    public PortUrl url(Caller caller, String space, String port) {
        requireEnabled();
        int number = port(port);
        Space found = access.visible(caller, space);
        return portUrl(found, number);
    }

    /** Mints a preview token; its secret is in the answer only. */
    public CreatedPreview preview(Caller caller, String space, String port, PreviewRequest request) {
        requireEnabled();
        int number = port(port);
        Duration ttl = ttl(request == null ? null : request.ttlSeconds());
        Space found = access.visible(caller, space);
        Instant now = clock.instant();
        previews.deleteExpiredBefore(now.minus(Duration.ofDays(1))); // expired tokens can never open anything again
        String token = secrets.token("wrp_", 32);
        PreviewToken stored = new PreviewToken(secrets.id(), found.id(), number, Secrets.sha256(token),
                caller.userId(), now, now.plus(ttl), null);
        previews.insert(stored);
        String url = settings.urls().url(found.id(), number);
        return new CreatedPreview(stored.id(), token, url + (url.endsWith("/") ? "?" : "/?")
                + ProxyTarget.PREVIEW_PARAMETER + "=" + token, number, found.id(), stored.expiresAt());
    }

    /** The space's preview tokens, newest first, without secrets. */
    public List<PreviewInfo> previews(Caller caller, String space) {
        requireEnabled();
        Space found = access.visible(caller, space);
        Instant now = clock.instant();
        return previews.listForSpace(found.id()).stream()
                .map(token -> new PreviewInfo(token.id(), token.port(), token.spaceId(), token.createdBy(),
                        token.createdAt(), token.expiresAt(), token.revokedAt(),
                        token.opens(token.spaceId(), token.port(), now)))
                .toList();
    }

    /** Revokes a preview token and closes the connections it opened. Idempotent. */
    public void revoke(Caller caller, String space, String id) {
        requireEnabled();
        Space found = access.visible(caller, space);
        PreviewToken token = previews.find(found.id(), id == null ? "" : id)
                .orElseThrow(() -> new NotFoundException("Space '" + found.name() + "' has no preview token '" + id
                        + "'."));
        if (!token.createdBy().equals(caller.userId()) && !access.canManage(caller, found)) {
            throw new ForbiddenException("Only the creator of a preview token, the owner of space '" + found.name()
                    + "' or an admin may revoke it.");
        }
        previews.revoke(found.id(), token.id(), clock.instant());
        revoked.accept(token.id());
    }

    /** Makes the port public (no credentials needed) or private again; owner or admin only. */
    public PortUrl setPublic(Caller caller, String space, String port, PublicRequest request) {
        requireEnabled();
        int number = port(port);
        if (request == null || request.publicPort() == null) {
            throw ValidationException.of("public_port", "The field 'public_port' is required: true makes the port"
                    + " public, false private.");
        }
        Space found = access.managed(caller, space, "change which ports are public on");
        publicPorts.set(found.id(), number, request.publicPort(), clock.instant());
        return portUrl(found, number);
    }

    private PortUrl portUrl(Space space, int port) {
        return new PortUrl(settings.urls().url(space.id(), port), port, space.id(),
                publicPorts.isPublic(space.id(), port));
    }

    private void requireEnabled() {
        if (!settings.enabled()) {
            throw new ConflictException("Port URLs are off on this server (WARREN_PORT_PROXY_PORT=-1); to turn them"
                    + " on, set WARREN_PORT_PROXY_PORT to a free port (or remove it for the API port + 1) and restart.");
        }
    }

    private static int port(String value) {
        int port;
        try {
            port = Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException notANumber) {
            port = 0;
        }
        if (port < 1 || port > 65535) {
            throw ValidationException.of("port", "The field 'port' must be a whole number between 1 and 65535, not '"
                    + value + "'.");
        }
        return port;
    }

    private Duration ttl(Long seconds) {
        if (seconds == null) {
            return DEFAULT_PREVIEW_TTL.compareTo(settings.previewMaxTtl()) < 0 ? DEFAULT_PREVIEW_TTL
                    : settings.previewMaxTtl();
        }
        long max = settings.previewMaxTtl().toSeconds();
        if (seconds < 1 || seconds > max) {
            throw ValidationException.of("ttl_seconds", "The field 'ttl_seconds' must be between 1 and " + max
                    + " (WARREN_PREVIEW_MAX_TTL_SECONDS), not " + seconds + ".");
        }
        return Duration.ofSeconds(seconds);
    }
}
