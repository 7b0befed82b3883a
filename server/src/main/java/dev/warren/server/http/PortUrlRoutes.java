package dev.warren.server.http;

import dev.warren.client.wire.PortUrls.CreatedPreview;
import dev.warren.client.wire.PortUrls.PortUrl;
import dev.warren.client.wire.PortUrls.PreviewInfo;
import dev.warren.client.wire.PortUrls.PreviewRequest;
import dev.warren.client.wire.PortUrls.PublicRequest;
import dev.warren.server.ports.PortUrlService;

import static dev.warren.server.http.Authenticator.caller;

/**
 * Port URLs of a space (name or id), tag {@code ports}: a port's URL, preview tokens (mint, list, revoke) and
 * public ports, over {@link PortUrlService}. Space tokens may read URLs and mint previews of their own space; making
 * a port public is for the owner and admins. When port URLs are off every route answers 409 saying how to turn
 * them on. Contributed by the server's wiring.
 */
public final class PortUrlRoutes implements ApiServices.RouteContributor {
    private static final String SPACE = "/api/spaces/{space}";

    private final PortUrlService ports;

    public PortUrlRoutes(PortUrlService ports) {
        this.ports = ports;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("ports")
                .get(SPACE + "/ports/{port}/url", "The URL of a port of the space (host-based, through the port"
                        + " proxy) and whether it is public.", PortUrl.class, true,
                        ctx -> ctx.json(ports.url(caller(ctx), ctx.pathParam("space"), ctx.pathParam("port"))))
                .post(SPACE + "/ports/{port}/previews", "Mint a preview token for one port: its URL opens the port"
                        + " without other credentials until ttl_seconds pass or it is revoked. The token is shown"
                        + " only here.", PreviewRequest.class, CreatedPreview.class, true,
                        ctx -> ctx.status(201).json(ports.preview(caller(ctx), ctx.pathParam("space"),
                                ctx.pathParam("port"), optionalBody(ctx))))
                .get(SPACE + "/previews", "The space's preview tokens, newest first, without their secrets.",
                        PreviewInfo[].class, true,
                        ctx -> ctx.json(ports.previews(caller(ctx), ctx.pathParam("space"))))
                .delete(SPACE + "/previews/{id}", "Revoke a preview token; connections it opened are closed.",
                        null, true, ctx -> {
                            ports.revoke(caller(ctx), ctx.pathParam("space"), ctx.pathParam("id"));
                            ctx.status(204);
                        })
                .put(SPACE + "/ports/{port}/public", "Make a port public (no credentials needed) or private again;"
                        + " owner or admin only.", PublicRequest.class, PortUrl.class, false,
                        ctx -> ctx.json(ports.setPublic(caller(ctx), ctx.pathParam("space"), ctx.pathParam("port"),
                                RouteTable.body(ctx, PublicRequest.class))));
    }

    /** The preview body is optional: no body means the default life (an hour, or the maximum if shorter). */
    private static PreviewRequest optionalBody(io.javalin.http.Context ctx) {
        return ctx.appData(RouteTable.BODIES).readOptional(ctx, PreviewRequest.class);
    }
}
