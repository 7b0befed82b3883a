package dev.warren.server.http;

import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.Port;
import dev.warren.client.wire.Templates.TemplateInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.core.model.Template;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.server.http.Route.Access;
import dev.warren.server.templates.TemplateService;

import java.util.List;

import static dev.warren.server.http.Authenticator.caller;

/** Templates: everyone lists the active ones; admins create, edit and delete. */
final class TemplateRoutes {
    private final TemplateService templates;
    private final TemplateSpecParser parser;
    private final Bodies bodies;

    TemplateRoutes(TemplateService templates, TemplateSpecParser parser, Bodies bodies) {
        this.templates = templates;
        this.parser = parser;
        this.bodies = bodies;
    }

    void addTo(Api api) {
        api.tag("templates")
                .get("/api/templates", "List templates (admins also see inactive ones).", TemplateInfo[].class,
                        Access.USER, ctx -> ctx.json(templates.list(caller(ctx).isAdmin()).stream()
                                .map(this::info).toList()))
                .post("/api/templates", "Create a template (admin).", TemplateRequest.class, TemplateInfo.class,
                        Access.ADMIN, ctx -> ctx.status(201).json(info(templates.create(
                                bodies.read(ctx, TemplateRequest.class)))))
                .get("/api/templates/{template}", "Get a template by name or id.", TemplateInfo.class, Access.USER,
                        ctx -> ctx.json(info(templates.get(ctx.pathParam("template"), caller(ctx).isAdmin()))))
                .put("/api/templates/{template}", "Replace a template (admin); the hash changes with the spec.",
                        TemplateRequest.class, TemplateInfo.class, Access.ADMIN,
                        ctx -> ctx.json(info(templates.update(ctx.pathParam("template"),
                                bodies.read(ctx, TemplateRequest.class)))))
                .delete("/api/templates/{template}", "Delete a template no space uses (admin).", null, Access.ADMIN,
                        ctx -> {
                            templates.delete(ctx.pathParam("template"));
                            ctx.status(204);
                        });
    }

    TemplateInfo info(Template template) {
        return new TemplateInfo(template.id(), template.name(), template.description(), template.iconUrl(),
                template.spec(),
                template.customFields().stream().map(f -> new CustomField(f.name(), f.description())).toList(),
                ports(template), template.active(), template.hash(), template.createdAt(), template.updatedAt());
    }

    List<Port> ports(Template template) {
        return parser.portsOf(template.spec()).stream().map(port -> new Port(port.name(), port.port())).toList();
    }
}
