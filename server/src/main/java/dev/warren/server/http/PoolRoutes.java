package dev.warren.server.http;

import dev.warren.client.wire.Pools.PoolInfo;
import dev.warren.client.wire.Pools.PoolRequest;
import dev.warren.server.pools.WarmPools;
import dev.warren.server.templates.TemplateService;

import static dev.warren.server.http.Authenticator.caller;

/**
 * A template's warm pool, {@code /api/templates/{template}/pool}: anyone who sees the template reads it; admins set
 * it. Contributed by the server's wiring.
 */
public final class PoolRoutes implements ApiServices.RouteContributor {
    private static final String POOL = "/api/templates/{template}/pool";

    private final WarmPools pools;
    private final TemplateService templates;

    public PoolRoutes(WarmPools pools, TemplateService templates) {
        this.pools = pools;
        this.templates = templates;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("templates")
                .get(POOL, "The template's warm pool: settings, members ready and starting, hits and misses.",
                        PoolInfo.class, false, ctx -> ctx.json(pools.info(
                                templates.get(ctx.pathParam("template"), caller(ctx).isAdmin()))))
                .putForAdmins(POOL, "Set the template's warm pool (admins): size started sandboxes kept per owner"
                        + " who creates from it (0: none), max members at once, idle_lifetime seconds.",
                        PoolRequest.class, PoolInfo.class, ctx -> ctx.json(pools.configure(
                                templates.get(ctx.pathParam("template"), true),
                                RouteTable.body(ctx, PoolRequest.class))));
    }
}
