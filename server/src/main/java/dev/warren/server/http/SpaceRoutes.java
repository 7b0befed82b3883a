package dev.warren.server.http;

import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.client.wire.Spaces.Dependencies;
import dev.warren.client.wire.Spaces.Description;
import dev.warren.client.wire.Spaces.FieldValue;
import dev.warren.client.wire.Spaces.RunRequest;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Spaces.RunScriptRequest;
import dev.warren.client.wire.Spaces.Running;
import dev.warren.client.wire.Spaces.ShareRequest;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Spaces.Stack;
import dev.warren.client.wire.Spaces.StartupScript;
import dev.warren.client.wire.Spaces.StackAction;
import dev.warren.client.wire.Spaces.TransferRequest;
import dev.warren.client.wire.Spaces.UnshareRequest;
import dev.warren.client.wire.Spaces.UpdateSpaceRequest;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.server.auth.Caller;
import dev.warren.server.http.Route.Access;
import dev.warren.server.spaces.SpaceService;
import dev.warren.server.spaces.SpaceViews;
import io.javalin.http.Context;

import java.util.List;

import static dev.warren.server.http.Authenticator.caller;

/** The knot.space table as REST: lifecycle, properties, sharing, commands and files. */
final class SpaceRoutes {
    private static final String SPACE = "/api/spaces/{space}";

    private final SpaceService spaces;
    private final SpaceViews views;
    private final Bodies bodies;

    SpaceRoutes(SpaceService spaces, SpaceViews views, Bodies bodies) {
        this.spaces = spaces;
        this.views = views;
        this.bodies = bodies;
    }

    void addTo(Api api) {
        api.tag("spaces")
                .get("/api/spaces", "List your spaces and those shared with you; with ?all=true (admins only) "
                        + "every user's spaces.", SpaceInfo[].class, Access.USER_OR_SPACE, this::list)
                .post("/api/spaces", "Create a space from a template (stopped unless start_on_create).",
                        CreateSpaceRequest.class, SpaceInfo.class, Access.USER, this::create)
                .get(SPACE, "Get a space by name or id (the seed's get() fields).", SpaceInfo.class,
                        Access.USER_OR_SPACE, ctx -> ctx.json(views.info(space(ctx))))
                .patch(SPACE, "Edit name, description, icon, alternative names or shell.", UpdateSpaceRequest.class,
                        SpaceInfo.class, Access.USER, ctx -> ctx.json(views.info(spaces.update(caller(ctx),
                                ctx.pathParam("space"), bodies.read(ctx, UpdateSpaceRequest.class)))))
                .delete(SPACE, "Delete a stopped space with its volumes.", null, Access.USER, ctx -> {
                    spaces.delete(caller(ctx), ctx.pathParam("space"));
                    ctx.status(204);
                })
                .post(SPACE + "/start", "Start a space, its dependencies first.", null, SpaceInfo.class,
                        Access.USER_OR_SPACE, ctx -> ctx.json(views.info(spaces.start(caller(ctx),
                                ctx.pathParam("space")))))
                .post(SPACE + "/stop", "Stop a space: memory is lost, volumes are kept.", null, SpaceInfo.class,
                        Access.USER_OR_SPACE, ctx -> ctx.json(views.info(spaces.stop(caller(ctx),
                                ctx.pathParam("space")))))
                .post(SPACE + "/pause", "Freeze a running space's processes with their memory (no CPU); runs, files"
                        + " and terminals answer 423 until it resumes. Pausing a paused space changes nothing.", null,
                        SpaceInfo.class, Access.USER, ctx -> ctx.json(views.info(spaces.pause(caller(ctx),
                                ctx.pathParam("space")))))
                .post(SPACE + "/resume", "Thaw a paused space: its processes go on where they were. Resuming a"
                        + " running space changes nothing.", null, SpaceInfo.class, Access.USER,
                        ctx -> ctx.json(views.info(spaces.resume(caller(ctx), ctx.pathParam("space")))))
                .post(SPACE + "/restart", "Stop then start; applies template updates.", null, SpaceInfo.class,
                        Access.USER_OR_SPACE, ctx -> ctx.json(views.info(spaces.restart(caller(ctx),
                                ctx.pathParam("space")))))
                .get(SPACE + "/running", "Whether the space is running.", Running.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(new Running(space(ctx).state() == dev.warren.core.model.SpaceState.RUNNING)))
                .get(SPACE + "/description", "Get the description.", Description.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(new Description(space(ctx).description())))
                .put(SPACE + "/description", "Set the description.", Description.class, Description.class,
                        Access.USER, ctx -> ctx.json(new Description(spaces.setDescription(caller(ctx),
                                ctx.pathParam("space"), bodies.read(ctx, Description.class).description())
                                .description())))
                .get(SPACE + "/dependencies", "The ids of the spaces this one depends on.", Dependencies.class,
                        Access.USER_OR_SPACE, ctx -> ctx.json(new Dependencies(space(ctx).dependsOn())))
                .put(SPACE + "/dependencies", "Set dependencies (names or ids of the owner's spaces).",
                        Dependencies.class, Dependencies.class, Access.USER,
                        ctx -> ctx.json(new Dependencies(spaces.setDependencies(caller(ctx), ctx.pathParam("space"),
                                bodies.read(ctx, Dependencies.class).dependsOn()).dependsOn())))
                .get(SPACE + "/stack", "Get the stack name (empty when unstacked).", Stack.class,
                        Access.USER_OR_SPACE, ctx -> ctx.json(new Stack(space(ctx).stack())))
                .put(SPACE + "/stack", "Set the stack name (empty to unstack).", Stack.class, Stack.class,
                        Access.USER, ctx -> ctx.json(new Stack(spaces.setStack(caller(ctx), ctx.pathParam("space"),
                                bodies.read(ctx, Stack.class).stack()).stack())))
                .get(SPACE + "/startup-script", "The id of the script run after every start (empty for none).",
                        StartupScript.class, Access.USER_OR_SPACE, ctx -> ctx.json(new StartupScript(
                                orEmpty(space(ctx).startupScriptId()))))
                .put(SPACE + "/startup-script", "Set (by name or id) or clear (empty) the script run in the "
                                + "background after every start.", StartupScript.class, SpaceInfo.class, Access.USER,
                        ctx -> ctx.json(views.info(spaces.setStartupScript(caller(ctx), ctx.pathParam("space"),
                                bodies.read(ctx, StartupScript.class).script()))))
                .get(SPACE + "/fields/{field}", "Get a custom field value.", FieldValue.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(new FieldValue(spaces.getField(caller(ctx), ctx.pathParam("space"),
                                ctx.pathParam("field")))))
                .put(SPACE + "/fields/{field}", "Set a custom field the template defines.", FieldValue.class,
                        FieldValue.class, Access.USER, ctx -> ctx.json(new FieldValue(spaces.setField(caller(ctx),
                                ctx.pathParam("space"), ctx.pathParam("field"),
                                bodies.read(ctx, FieldValue.class).value()))))
                .post(SPACE + "/transfer", "Give a stopped space to another user.", TransferRequest.class,
                        SpaceInfo.class, Access.USER, ctx -> ctx.json(views.info(spaces.transfer(caller(ctx),
                                ctx.pathParam("space"), bodies.read(ctx, TransferRequest.class).user()))))
                .post(SPACE + "/share", "Share with users (ids, usernames or emails).", ShareRequest.class,
                        SpaceInfo.class, Access.USER, ctx -> ctx.json(views.info(spaces.share(caller(ctx),
                                ctx.pathParam("space"), bodies.read(ctx, ShareRequest.class).users()))))
                .post(SPACE + "/unshare", "Remove a share; without a user owners stop all sharing and recipients "
                                + "leave.", UnshareRequest.class, null, Access.USER, ctx -> {
                    spaces.unshare(caller(ctx), ctx.pathParam("space"), bodies.read(ctx, UnshareRequest.class).user());
                    ctx.status(204);
                })
                .post(SPACE + "/run", "Run a command; the timeout kills it and says so.", RunRequest.class,
                        RunResult.class, Access.USER_OR_SPACE, ctx -> ctx.json(spaces.run(caller(ctx),
                                ctx.pathParam("space"), bodies.read(ctx, RunRequest.class))))
                .post(SPACE + "/scripts/{script}/run", "Run a stored script with arguments.", RunScriptRequest.class,
                        RunResult.class, Access.USER_OR_SPACE, ctx -> ctx.json(spaces.runScript(caller(ctx),
                                ctx.pathParam("space"), ctx.pathParam("script"),
                                bodies.read(ctx, RunScriptRequest.class))))
                .post("/api/stacks/{stack}/start", "Start every space of one of your stacks, dependencies first.",
                        null, StackAction.class, Access.USER, ctx -> ctx.json(stack(ctx, "start")))
                .post("/api/stacks/{stack}/stop", "Stop every space of one of your stacks, dependants first.",
                        null, StackAction.class, Access.USER, ctx -> ctx.json(stack(ctx, "stop")))
                .post("/api/stacks/{stack}/restart", "Restart every space of one of your stacks.", null,
                        StackAction.class, Access.USER, ctx -> ctx.json(stack(ctx, "restart")));
    }

    private void list(Context ctx) {
        Caller caller = caller(ctx);
        ctx.json(views.infos(everyUser(ctx) ? spaces.listAll(caller) : spaces.list(caller)));
    }

    /** {@code ?all=true} asks for every user's spaces; absent or {@code false} for the caller's own and shared. */
    private static boolean everyUser(Context ctx) {
        String all = ctx.queryParam("all");
        if (all == null || all.equals("false")) {
            return false;
        }
        if (all.equals("true")) {
            return true;
        }
        throw ValidationException.of("all", "The query parameter 'all' must be true or false.");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private Space space(Context ctx) {
        return spaces.get(caller(ctx), ctx.pathParam("space"));
    }

    private void create(Context ctx) {
        Space space = spaces.create(caller(ctx), bodies.read(ctx, CreateSpaceRequest.class));
        ctx.status(201).json(views.info(space));
    }

    private StackAction stack(Context ctx, String action) {
        Caller caller = caller(ctx);
        String stack = ctx.pathParam("stack");
        List<Space> done = switch (action) {
            case "start" -> spaces.startStack(caller, stack);
            case "stop" -> spaces.stopStack(caller, stack);
            default -> spaces.restartStack(caller, stack);
        };
        return new StackAction(stack, done.stream().map(Space::name).toList());
    }

}
