package dev.warren.server.http;

import dev.warren.client.wire.Scripts.ScriptInfo;
import dev.warren.client.wire.Scripts.ScriptRequest;
import dev.warren.core.model.Script;
import dev.warren.server.http.Route.Access;
import dev.warren.server.scripts.ScriptService;

/** Scripts: everyone lists and reads; admins create, edit and delete. */
final class ScriptRoutes {
    private final ScriptService scripts;
    private final Bodies bodies;

    ScriptRoutes(ScriptService scripts, Bodies bodies) {
        this.scripts = scripts;
        this.bodies = bodies;
    }

    void addTo(Api api) {
        api.tag("scripts")
                .get("/api/scripts", "List scripts.", ScriptInfo[].class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(scripts.list().stream().map(ScriptRoutes::info).toList()))
                .post("/api/scripts", "Create a script (admin).", ScriptRequest.class, ScriptInfo.class, Access.ADMIN,
                        ctx -> ctx.status(201).json(info(scripts.create(bodies.read(ctx, ScriptRequest.class)))))
                .get("/api/scripts/{script}", "Get a script by name or id.", ScriptInfo.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(info(scripts.get(ctx.pathParam("script")))))
                .put("/api/scripts/{script}", "Replace a script (admin).", ScriptRequest.class, ScriptInfo.class,
                        Access.ADMIN, ctx -> ctx.json(info(scripts.update(ctx.pathParam("script"),
                                bodies.read(ctx, ScriptRequest.class)))))
                .delete("/api/scripts/{script}", "Delete a script (admin).", null, Access.ADMIN, ctx -> {
                    scripts.delete(ctx.pathParam("script"));
                    ctx.status(204);
                });
    }

    static ScriptInfo info(Script script) {
        return new ScriptInfo(script.id(), script.name(), script.description(), script.content(),
                script.createdAt(), script.updatedAt());
    }
}
