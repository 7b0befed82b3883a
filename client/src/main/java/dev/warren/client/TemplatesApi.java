package dev.warren.client;

import dev.warren.client.wire.Templates.TemplateInfo;
import dev.warren.client.wire.Templates.TemplateRequest;

import java.util.List;

/**
 * Templates, the recipes of spaces: everyone lists and reads the active ones; admins create, replace and delete.
 * Obtained from {@link Warren#templates()}. Blocking, immutable, thread-safe.
 */
public final class TemplatesApi {
    private final Transport transport;

    TemplatesApi(Transport transport) {
        this.transport = transport;
    }

    /** The templates the caller may use (admins also see inactive ones). */
    public List<TemplateInfo> list() {
        return transport.list("/api/templates", TemplateInfo.class);
    }

    /**
     * @param template name or id
     * @return the template, with its spec and ports
     * @throws WarrenException.NotFound when it does not exist
     */
    public TemplateInfo get(String template) {
        return transport.call("GET", "/api/templates/" + Transport.segment(template), null, TemplateInfo.class);
    }

    /**
     * Creates a template (admin).
     *
     * @param request name, description, icon, spec, custom fields, active
     * @return the new template
     * @throws WarrenException.ValidationFailed when the spec or name is invalid
     * @throws WarrenException.Conflict when the name is taken
     */
    public TemplateInfo create(TemplateRequest request) {
        return transport.call("POST", "/api/templates", request, TemplateInfo.class);
    }

    /**
     * Replaces a template (admin); its hash changes with the spec, and spaces see an update.
     *
     * @param template name or id
     * @param request  the full new template
     * @return the template after the change
     */
    public TemplateInfo update(String template, TemplateRequest request) {
        return transport.call("PUT", "/api/templates/" + Transport.segment(template), request, TemplateInfo.class);
    }

    /**
     * Deletes a template no space uses (admin).
     *
     * @param template name or id
     * @throws WarrenException.Conflict when spaces still use it
     */
    public void delete(String template) {
        transport.call("DELETE", "/api/templates/" + Transport.segment(template), null, Void.class);
    }

    /** The template's warm pool: settings, members ready and starting, hits and misses since the server started. */
    public dev.warren.client.wire.Pools.PoolInfo pool(String template) {
        return transport.call("GET", "/api/templates/" + Transport.segment(template) + "/pool", null,
                dev.warren.client.wire.Pools.PoolInfo.class);
    }

    /**
     * Sets the template's warm pool (admins): {@code size} started sandboxes kept for each owner who creates from it
     * (0 removes the pool), at most {@code max} members at once, each waiting at most {@code idleLifetime}.
     */
    public dev.warren.client.wire.Pools.PoolInfo setPool(String template, int size, int max,
            java.time.Duration idleLifetime) {
        return transport.call("PUT", "/api/templates/" + Transport.segment(template) + "/pool",
                new dev.warren.client.wire.Pools.PoolRequest(size, max, idleLifetime.toSeconds()),
                dev.warren.client.wire.Pools.PoolInfo.class);
    }
}
