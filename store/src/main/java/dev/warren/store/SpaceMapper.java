package dev.warren.store;

import dev.warren.core.model.Shell;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code spaces} row; {@code dependsOn} is empty here and filled in from {@code space_dependencies}. */
final class SpaceMapper implements RowMapper<Space> {
    static final SpaceMapper INSTANCE = new SpaceMapper();
    /** Qualified with the alias {@code s}, as the space queries join. */
    static final String COLUMNS = "s.id, s.name, s.description, s.template_id, s.user_id, s.shell, s.icon_url,"
            + " s.alt_names, s.stack, s.custom_fields, s.state, s.applied_template_hash, s.container_id, s.zone,"
            + " s.startup_script_id, s.created_at, s.updated_at";

    @Override
    public Space map(ResultSet row, StatementContext context) throws SQLException {
        return new Space(row.getString("id"), row.getString("name"), row.getString("description"),
                row.getString("template_id"), row.getString("user_id"), Columns.enumValue(Shell.class, row, "shell"),
                row.getString("icon_url"), Json.strings(row.getString("alt_names")), List.of(),
                row.getString("stack"), Json.stringMap(row.getString("custom_fields")),
                Columns.enumValue(SpaceState.class, row, "state"), row.getString("applied_template_hash"),
                row.getString("container_id"), row.getString("zone"), row.getString("startup_script_id"),
                Columns.instant(row, "created_at"), Columns.instant(row, "updated_at"));
    }
}
