package dev.warren.server.http;

import dev.warren.client.wire.Sandboxes.ConnectRequest;
import dev.warren.client.wire.Sandboxes.CreateSandboxRequest;
import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Sandboxes.SandboxPage;
import dev.warren.client.wire.Sandboxes.TimeoutRequest;
import dev.warren.server.sandboxes.SandboxQuery;
import dev.warren.server.sandboxes.SandboxService;
import io.javalin.http.Context;

import static dev.warren.server.http.Authenticator.caller;

/**
 * {@code /api/sandboxes}: create (and start) a sandbox, list them by metadata and state in cursor pages, get one
 * (never wakes it), set its timeout, connect, kill. Its processes, files, uploads and port URLs are the space routes
 * under {@code /api/spaces/{id}} (a sandbox is a space). Contributed by the server's wiring.
 */
public final class SandboxRoutes implements ApiServices.RouteContributor {
    private static final String SANDBOXES = "/api/sandboxes";
    private static final String SANDBOX = SANDBOXES + "/{sandbox}";

    private final SandboxService sandboxes;

    public SandboxRoutes(SandboxService sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("sandboxes")
                .post(SANDBOXES, "Create and start a sandbox (every field optional); answers 201 once it runs.",
                        CreateSandboxRequest.class, SandboxInfo.class, false, ctx -> ctx.status(201).json(
                                sandboxes.create(caller(ctx), RouteTable.bodyOrNull(ctx, CreateSandboxRequest.class))))
                .get(SANDBOXES, "Your sandboxes (and those shared with you), oldest first: ?metadata=key=value"
                        + " (repeatable, all must match), ?state=running,stopped, ?limit=1..1000 (100), ?cursor="
                        + " (next_cursor of the previous page), ?all=true (admins: everybody's).", SandboxPage.class,
                        false, ctx -> ctx.json(sandboxes.list(caller(ctx), query(ctx))))
                .get(SANDBOX, "One sandbox by id or name; never starts or wakes it.", SandboxInfo.class, true,
                        ctx -> ctx.json(sandboxes.get(caller(ctx), ctx.pathParam("sandbox"))))
                .post(SANDBOX + "/timeout", "Set a new life span: timeout seconds from now.", TimeoutRequest.class,
                        SandboxInfo.class, false, ctx -> ctx.json(sandboxes.setTimeout(caller(ctx),
                                ctx.pathParam("sandbox"), RouteTable.body(ctx, TimeoutRequest.class))))
                .post(SANDBOX + "/pause", "Freeze the sandbox with its memory (no CPU) until resumed, explicitly, by"
                        + " connect, or by traffic to a port URL when it has auto_resume.", null, SandboxInfo.class,
                        false, ctx -> ctx.json(sandboxes.pause(caller(ctx), ctx.pathParam("sandbox"))))
                .post(SANDBOX + "/resume", "Thaw a paused sandbox; its life span starts again from now.", null,
                        SandboxInfo.class, false,
                        ctx -> ctx.json(sandboxes.resume(caller(ctx), ctx.pathParam("sandbox"))))
                .post(SANDBOX + "/connect", "Make sure the sandbox runs (resuming it if paused, starting it if it"
                        + " stopped) and give it its life span again from now (or the timeout given).", ConnectRequest.class, SandboxInfo.class, false,
                        ctx -> ctx.json(sandboxes.connect(caller(ctx), ctx.pathParam("sandbox"),
                                RouteTable.bodyOrNull(ctx, ConnectRequest.class))))
                .delete(SANDBOX, "Kill the sandbox: stop it and delete it with its container and volumes.", null,
                        false, ctx -> {
                            sandboxes.kill(caller(ctx), ctx.pathParam("sandbox"));
                            ctx.status(204);
                        });
    }

    private static SandboxQuery query(Context ctx) {
        return SandboxQuery.parse("true".equalsIgnoreCase(ctx.queryParam("all")), ctx.queryParams("metadata"),
                ctx.queryParams("state"), ctx.queryParam("limit"), ctx.queryParam("cursor"));
    }
}
