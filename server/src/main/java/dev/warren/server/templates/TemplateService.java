package dev.warren.server.templates;

import dev.warren.client.wire.Templates.CustomField;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.CustomFieldDefinition;
import dev.warren.core.model.Template;
import dev.warren.core.rules.Validator;
import dev.warren.core.spec.ContentHash;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.server.auth.Secrets;
import dev.warren.store.TemplateStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Template CRUD with full validation before any write. Thread-safe. */
public final class TemplateService {
    private static final Pattern FIELD_NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    private final TemplateStore templates;
    private final TemplateSpecParser parser;
    private final Secrets secrets;
    private final Clock clock;
    private final Consumer<Template> changed;

    /** {@code changed} hears of every replaced template (spaces from it may now show "update available"). */
    public TemplateService(TemplateStore templates, TemplateSpecParser parser, Secrets secrets, Clock clock,
            Consumer<Template> changed) {
        this.templates = templates;
        this.parser = parser;
        this.secrets = secrets;
        this.clock = clock;
        this.changed = changed;
    }

    /** All templates for admins; only active ones for everyone else. */
    public List<Template> list(boolean includeInactive) {
        return templates.list().stream().filter(t -> includeInactive || t.active()).toList();
    }

    /** By name or id. Inactive templates are invisible to non-admins (404). */
    public Template get(String nameOrId, boolean includeInactive) {
        return templates.findById(nameOrId).or(() -> templates.findByName(nameOrId))
                .filter(t -> includeInactive || t.active())
                .orElseThrow(() -> new NotFoundException("No template named or with id '" + nameOrId + "' was found."));
    }

    public Template create(TemplateRequest request) {
        List<CustomFieldDefinition> fields = validate(request);
        if (templates.findByName(request.name()).isPresent()) {
            throw new ConflictException("A template named '" + request.name() + "' already exists.");
        }
        Instant now = clock.instant();
        Template template = new Template(secrets.id(), request.name(), orEmpty(request.description()),
                orEmpty(request.iconUrl()), request.spec(), fields, request.active() == null || request.active(),
                ContentHash.of(request.spec()), now, now);
        templates.insert(template);
        return template;
    }

    /** Replaces a template. The hash changes only when the spec does. */
    public Template update(String nameOrId, TemplateRequest request) {
        Template existing = get(nameOrId, true);
        List<CustomFieldDefinition> fields = validate(request);
        templates.findByName(request.name()).filter(other -> !other.id().equals(existing.id())).ifPresent(other -> {
            throw new ConflictException("A template named '" + request.name() + "' already exists.");
        });
        Template updated = new Template(existing.id(), request.name(), orEmpty(request.description()),
                orEmpty(request.iconUrl()), request.spec(), fields,
                request.active() == null ? existing.active() : request.active(), ContentHash.of(request.spec()),
                existing.createdAt(), clock.instant());
        templates.update(updated);
        changed.accept(updated);
        return updated;
    }

    /** Refused while any space uses the template: its spaces would lose their recipe. */
    public void delete(String nameOrId) {
        Template template = get(nameOrId, true);
        long inUse = templates.countSpacesUsing(template.id());
        if (inUse > 0) {
            throw new WrongStateException("Template '" + template.name() + "' is used by " + inUse
                    + " space(s); delete or move them first, or mark the template inactive.");
        }
        templates.delete(template.id());
    }

    private List<CustomFieldDefinition> validate(TemplateRequest request) {
        Validator validator = new Validator()
                .name("name", request.name())
                .text("description", request.description(), 2000)
                .url("icon_url", request.iconUrl())
                .maxLength("spec", request.spec(), 64 * 1024);
        List<CustomFieldDefinition> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<CustomField> requested = request.customFields() == null ? List.of() : request.customFields();
        if (requested.size() > 50) {
            validator.add("custom_fields", "A template may define at most 50 custom fields.");
        }
        for (CustomField field : requested) {
            if (field == null || field.name() == null || !FIELD_NAME.matcher(field.name()).matches()) {
                validator.add("custom_fields", "Custom field names must be lowercase letters, digits or "
                        + "underscores, starting with a letter (at most 63).");
            } else if (!names.add(field.name())) {
                validator.add("custom_fields", "The custom field '" + field.name() + "' is defined twice.");
            } else {
                validator.text("custom_fields", field.description(), 500);
                fields.add(new CustomFieldDefinition(field.name(), orEmpty(field.description())));
            }
        }
        parser.validate(request.spec(), names, validator, "spec");
        validator.throwIfInvalid();
        return fields;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
