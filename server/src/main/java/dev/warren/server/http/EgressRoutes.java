package dev.warren.server.http;

import dev.warren.client.wire.Spaces.Egress;
import dev.warren.client.wire.Spaces.SpaceEgress;
import dev.warren.server.network.EgressService;

import static dev.warren.server.http.Authenticator.caller;

/**
 * A space's egress policy, {@code /api/spaces/{space}/egress}: read it (anyone who sees the space, its space token
 * included), narrow it below the template's or drop the narrowing (owner or admin; never a space token, so code in
 * a space cannot loosen what its owner set). Contributed by the server's wiring.
 */
public final class EgressRoutes implements ApiServices.RouteContributor {
    private static final String EGRESS = "/api/spaces/{space}/egress";

    private final EgressService egress;

    public EgressRoutes(EgressService egress) {
        this.egress = egress;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("spaces")
                .get(EGRESS, "Where the space may connect outside warren: the policy in force, the template's and "
                        + "the owner's override.", SpaceEgress.class, true,
                        ctx -> ctx.json(egress.get(caller(ctx), ctx.pathParam("space"))))
                .put(EGRESS, "Narrow the space's egress below its template's (owner or admin); in force at once.",
                        Egress.class, SpaceEgress.class, false,
                        ctx -> ctx.json(egress.set(caller(ctx), ctx.pathParam("space"),
                                RouteTable.body(ctx, Egress.class))))
                .delete(EGRESS, "Drop the space's own egress policy: the template's applies again, at once.",
                        SpaceEgress.class, false,
                        ctx -> ctx.json(egress.reset(caller(ctx), ctx.pathParam("space"))));
    }
}
