package dev.warren.store;

import static dev.warren.store.Conflicts.clash;

import dev.warren.core.NotFoundException;
import dev.warren.core.model.Script;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.Update;

/** Stored scripts, unique by name. Deleting one clears it as any space's startup script. Thread-safe, blocking. */
public final class ScriptStore {
    private static final String SELECT = "SELECT " + ScriptMapper.COLUMNS + " FROM scripts";

    private final Jdbi jdbi;

    public ScriptStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Stores a new script. @throws dev.warren.core.ConflictException if the name is taken */
    public void insert(Script script) {
        write(script, "INSERT INTO scripts (" + ScriptMapper.COLUMNS
                + ") VALUES (:id, :name, :description, :content, :createdAt, :updatedAt)");
    }

    /**
     * Replaces every field of the stored script except {@code createdAt}.
     *
     * @throws dev.warren.core.ConflictException if the new name is taken
     * @throws NotFoundException if no script has this id
     */
    public void update(Script script) {
        int updated = write(script, "UPDATE scripts SET name = :name, description = :description,"
                + " content = :content, updated_at = :updatedAt WHERE id = :id");
        if (updated == 0) {
            throw new NotFoundException("No script with id '" + script.id() + "' was found.");
        }
    }

    /** The script with this id, if any. */
    public Optional<Script> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id).map(ScriptMapper.INSTANCE).findOne());
    }

    /** The script with exactly this name, if any. */
    public Optional<Script> findByName(String name) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE name = :name")
                .bind("name", name).map(ScriptMapper.INSTANCE).findOne());
    }

    /** All scripts, ordered by name. */
    public List<Script> list() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " ORDER BY name, id")
                .map(ScriptMapper.INSTANCE).list());
    }

    /** Deletes the script; false if it did not exist. Spaces starting with it no longer have a startup script. */
    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM scripts WHERE id = :id")
                .bind("id", id).execute()) > 0;
    }

    private int write(Script script, String sql) {
        try {
            return jdbi.withHandle(handle -> bind(handle.createUpdate(sql), script).execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, null,
                    clash("name", "A script named '" + script.name() + "' already exists."));
        }
    }

    private static Update bind(Update update, Script script) {
        // UPDATE leaves created_at alone, so one binder serves INSERT and UPDATE.
        return update.configure(SqlStatements.class, statements -> statements.setUnusedBindingAllowed(true))
                .bind("id", script.id())
                .bind("name", script.name())
                .bind("description", script.description())
                .bind("content", script.content())
                .bind("createdAt", Columns.millis(script.createdAt()))
                .bind("updatedAt", Columns.millis(script.updatedAt()));
    }
}
