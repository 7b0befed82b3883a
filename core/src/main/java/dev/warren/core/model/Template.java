package dev.warren.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A recipe for spaces: a container spec in YAML plus presentation. {@code hash} changes whenever something
 * that affects a started space changes; a space started from an older hash shows "update available".
 */
public record Template(
        String id,
        String name,
        String description,
        String iconUrl,
        String spec,
        List<CustomFieldDefinition> customFields,
        boolean active,
        String hash,
        Instant createdAt,
        Instant updatedAt) {

    public Template {
        customFields = List.copyOf(customFields);
    }

    public boolean definesField(String fieldName) {
        return customFields.stream().anyMatch(field -> field.name().equals(fieldName));
    }
}
