package dev.warren.server.templates;

import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.store.TemplateStore;

import java.util.List;

/**
 * Registers the default template on a fresh install, so the first space works without any setup. Uses the local
 * base image built offline by scripts/base-image.sh.
 */
public final class DefaultTemplate {
    public static final String NAME = "base";

    private final TemplateStore templates;
    private final TemplateService service;

    public DefaultTemplate(TemplateStore templates, TemplateService service) {
        this.templates = templates;
        this.service = service;
    }

    /** Idempotent: only when no template exists at all (an admin who deleted every template is not overruled). */
    public void ensure(String image) {
        if (!templates.list().isEmpty()) {
            return;
        }
        String spec = """
                image: %s
                command: ["sleep", "2147483647"]
                hostname: "${{ .space.name }}"
                environment:
                  WARREN_USER: "${{ .user.username }}"
                  SERVICE_PASSWORD: "${{ .user.service_password }}"
                volumes:
                  home: /root
                memory: 512m
                """.formatted(image);
        service.create(new TemplateRequest(NAME, "A small Linux (busybox + bash) built offline on this machine.",
                "", spec, List.of(), true));
    }
}
