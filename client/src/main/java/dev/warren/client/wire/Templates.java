package dev.warren.client.wire;

import java.time.Instant;
import java.util.List;

/** Templates: recipes for spaces. */
public final class Templates {
    private Templates() {}

    public record CustomField(String name, String description) {}

    public record Port(String name, int port) {}

    /** Create or replace a template. {@code active} defaults to true. */
    public record TemplateRequest(String name, String description, String iconUrl, String spec,
            List<CustomField> customFields, Boolean active) {}

    public record TemplateInfo(String id, String name, String description, String iconUrl, String spec,
            List<CustomField> customFields, List<Port> ports, boolean active, String hash, Instant createdAt,
            Instant updatedAt) {}
}
