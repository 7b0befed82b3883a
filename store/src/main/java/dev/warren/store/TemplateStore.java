package dev.warren.store;

import static dev.warren.store.Conflicts.clash;

import dev.warren.core.NotFoundException;
import dev.warren.core.model.Template;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.Update;

/** Templates, unique by name. A template used by a space cannot be deleted. Thread-safe, blocking. */
public final class TemplateStore {
    private static final String SELECT = "SELECT " + TemplateMapper.COLUMNS + " FROM templates";

    private final Jdbi jdbi;

    public TemplateStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Stores a new template. @throws dev.warren.core.ConflictException if the name is taken */
    public void insert(Template template) {
        write(template, "INSERT INTO templates (" + TemplateMapper.COLUMNS + ") VALUES (:id, :name, :description,"
                + " :iconUrl, :spec, :customFields, :active, :hash, :createdAt, :updatedAt)");
    }

    /**
     * Replaces every field of the stored template except {@code createdAt}.
     *
     * @throws dev.warren.core.ConflictException if the new name is taken
     * @throws NotFoundException if no template has this id
     */
    public void update(Template template) {
        int updated = write(template, "UPDATE templates SET name = :name, description = :description,"
                + " icon_url = :iconUrl, spec = :spec, custom_fields = :customFields, active = :active,"
                + " hash = :hash, updated_at = :updatedAt WHERE id = :id");
        if (updated == 0) {
            throw new NotFoundException("No template with id '" + template.id() + "' was found.");
        }
    }

    /** The template with this id, if any. */
    public Optional<Template> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id).map(TemplateMapper.INSTANCE).findOne());
    }

    /** The template with exactly this name, if any. */
    public Optional<Template> findByName(String name) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE name = :name")
                .bind("name", name).map(TemplateMapper.INSTANCE).findOne());
    }

    /** All templates, ordered by name. */
    public List<Template> list() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " ORDER BY name, id")
                .map(TemplateMapper.INSTANCE).list());
    }

    /**
     * Deletes the template; false if it did not exist.
     *
     * @throws dev.warren.core.ConflictException if a space still uses it
     */
    public boolean delete(String id) {
        try {
            return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM templates WHERE id = :id")
                    .bind("id", id).execute()) > 0;
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The template is used by at least one space and cannot be deleted.");
        }
    }

    /** How many spaces were created from the template. */
    public long countSpacesUsing(String templateId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM spaces WHERE template_id = :id")
                .bind("id", templateId).mapTo(Long.class).one());
    }

    private int write(Template template, String sql) {
        try {
            return jdbi.withHandle(handle -> bind(handle.createUpdate(sql), template).execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, null,
                    clash("name", "A template named '" + template.name() + "' already exists."));
        }
    }

    private static Update bind(Update update, Template template) {
        // UPDATE leaves created_at alone, so one binder serves INSERT and UPDATE.
        return update.configure(SqlStatements.class, statements -> statements.setUnusedBindingAllowed(true))
                .bind("id", template.id())
                .bind("name", template.name())
                .bind("description", template.description())
                .bind("iconUrl", template.iconUrl())
                .bind("spec", template.spec())
                .bind("customFields", Json.write(template.customFields()))
                .bind("active", Columns.flag(template.active()))
                .bind("hash", template.hash())
                .bind("createdAt", Columns.millis(template.createdAt()))
                .bind("updatedAt", Columns.millis(template.updatedAt()));
    }
}
