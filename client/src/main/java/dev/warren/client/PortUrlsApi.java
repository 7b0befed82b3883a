package dev.warren.client;

import dev.warren.client.wire.PortUrls.CreatedPreview;
import dev.warren.client.wire.PortUrls.PortUrl;
import dev.warren.client.wire.PortUrls.PreviewInfo;
import dev.warren.client.wire.PortUrls.PreviewRequest;
import dev.warren.client.wire.PortUrls.PublicRequest;

import java.time.Duration;
import java.util.List;

/**
 * Port URLs of one space (a sandbox is a space): every port of a running space has a URL served by the server's
 * port proxy, private by default. Obtained from {@link Warren#portUrls(String)}.
 * <pre>{@code
 * PortUrlsApi ports = warren.portUrls("web");
 * String url = ports.url(8080).url();                       // needs your token: Authorization: Bearer …
 * CreatedPreview link = ports.preview(8080, Duration.ofHours(1));
 * System.out.println(link.url());                           // opens in any browser for an hour
 * ports.revoke(link.id());                                  // and not any more
 * ports.setPublic(8080, true);                              // no credentials needed at all (owner only)
 * }</pre>
 * Failures are the usual {@link WarrenException}s: {@link WarrenException.ValidationFailed} for a port outside 1..65535 or
 * a life outside 1 s..the server's maximum, {@link WarrenException.NotFound} for a space you cannot see,
 * {@link WarrenException.Conflict} when the server has port URLs off. Immutable and thread-safe.
 */
public final class PortUrlsApi {
    private final Transport transport;
    private final String space;
    private final String base;

    PortUrlsApi(Transport transport, String space) {
        this.transport = transport;
        this.space = space;
        this.base = "/api/spaces/" + Transport.segment(space);
    }

    /** The space, as given (name or id). */
    public String space() {
        return space;
    }

    /** The port's URL (host-based) and whether it is public. */
    public PortUrl url(int port) {
        return transport.call("GET", base + "/ports/" + port + "/url", null, PortUrl.class);
    }

    /**
     * Mints a preview token for the port. Its {@link CreatedPreview#url()} opens the port without other credentials
     * until {@code ttl} passes or it is revoked; the token itself is shown only here.
     *
     * @param ttl whole seconds, at least one, at most the server's maximum (7 days by default)
     */
    public CreatedPreview preview(int port, Duration ttl) {
        return transport.call("POST", base + "/ports/" + port + "/previews", new PreviewRequest(ttl.toSeconds()),
                CreatedPreview.class);
    }

    /** The space's preview tokens, newest first, without their secrets. */
    public List<PreviewInfo> previews() {
        return transport.list(base + "/previews", PreviewInfo.class);
    }

    /** Revokes a preview token; connections opened with it are closed. Idempotent. */
    public void revoke(String previewId) {
        transport.call("DELETE", base + "/previews/" + Transport.segment(previewId), null, Void.class);
    }

    /** Makes the port public (no credentials needed) or private again. Owner or admin only. */
    public PortUrl setPublic(int port, boolean isPublic) {
        return transport.call("PUT", base + "/ports/" + port + "/public", new PublicRequest(isPublic),
                PortUrl.class);
    }
}
