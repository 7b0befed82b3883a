package dev.warren.server.http;

import dev.warren.client.wire.Ports.ApplyRequest;
import dev.warren.client.wire.Ports.ApplyResult;
import dev.warren.client.wire.Ports.Forward;
import dev.warren.client.wire.Ports.ForwardList;
import dev.warren.client.wire.Ports.ForwardRequest;
import dev.warren.client.wire.Ports.StopRequest;
import dev.warren.server.forward.PortForwarder;

import static dev.warren.server.http.Authenticator.caller;

/**
 * The seed's port routes, {@code /space-io/{space_id}/port/...}, over the port forwarder; users and space tokens
 * may call them. Contributed by the server's wiring when forwarding is on, so the forwarder itself knows no HTTP.
 */
public final class ForwardRoutes implements ApiServices.RouteContributor {
    private static final String PORT = "/space-io/{space_id}/port";

    private final PortForwarder forwarder;

    public ForwardRoutes(PortForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("ports")
                .post(PORT + "/forward", "Forward local_port inside the space to remote_port of another space of "
                        + "the same owner and zone.", ForwardRequest.class, Forward.class, true,
                        ctx -> ctx.json(forwarder.forward(caller(ctx), ctx.pathParam("space_id"),
                                RouteTable.body(ctx, ForwardRequest.class))))
                .get(PORT + "/list", "The space's forwards: active ones and persistent ones waiting for a start.",
                        ForwardList.class, true,
                        ctx -> ctx.json(new ForwardList(forwarder.list(caller(ctx), ctx.pathParam("space_id")))))
                .post(PORT + "/stop", "Stop the forward of local_port.", StopRequest.class, Forward.class, true,
                        ctx -> ctx.json(forwarder.stop(caller(ctx), ctx.pathParam("space_id"),
                                RouteTable.body(ctx, StopRequest.class))))
                .post(PORT + "/apply", "Replace the space's forwards with the given list; identical ones are kept.",
                        ApplyRequest.class, ApplyResult.class, true,
                        ctx -> ctx.json(forwarder.apply(caller(ctx), ctx.pathParam("space_id"),
                                RouteTable.body(ctx, ApplyRequest.class))));
    }
}
