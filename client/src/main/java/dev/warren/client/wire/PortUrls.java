package dev.warren.client.wire;

import java.time.Instant;

/**
 * Port URLs: every port of a running space (a sandbox is a space) has a URL served by the server's port proxy,
 * private by default. The caller's credentials, a preview token (one space, one port, an expiry) or the port being
 * public open it. See docs/PORT_URLS.md. ({@code public} is a Java keyword, hence the field name {@code public_port}.)
 */
public final class PortUrls {
    private PortUrls() {}

    /**
     * A port's URL, {@code http(s)://<port>-<space id>.<domain>[:proxy port]}; {@code public_port} says whether it
     * opens without credentials.
     */
    public record PortUrl(String url, int port, String spaceId, boolean publicPort) {}

    /** Mint a preview token living {@code ttl_seconds} (1 up to the server's maximum, 7 days by default). */
    public record PreviewRequest(Long ttlSeconds) {}

    /**
     * A new preview token. {@code token} is the secret, shown only here; {@code url} is the port's URL carrying it
     * ({@code ?warren_preview=…}): opening it in a browser sets a cookie for that host and drops the parameter.
     */
    public record CreatedPreview(String id, String token, String url, int port, String spaceId, Instant expiresAt) {}

    /** A preview token without its secret. {@code revoked_at} is null while it was not revoked. */
    public record PreviewInfo(String id, int port, String spaceId, String createdBy, Instant createdAt,
            Instant expiresAt, Instant revokedAt, boolean active) {}

    /** Make the port public ({@code true}: no credentials needed) or private again. */
    public record PublicRequest(Boolean publicPort) {}
}
