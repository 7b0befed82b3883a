package dev.warren.store;

import dev.warren.core.model.Template;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code templates} row. */
final class TemplateMapper implements RowMapper<Template> {
    static final TemplateMapper INSTANCE = new TemplateMapper();
    static final String COLUMNS = "id, name, description, icon_url, spec, custom_fields, active, hash, created_at,"
            + " updated_at";

    @Override
    public Template map(ResultSet row, StatementContext context) throws SQLException {
        return new Template(row.getString("id"), row.getString("name"), row.getString("description"),
                row.getString("icon_url"), row.getString("spec"), Json.fields(row.getString("custom_fields")),
                Columns.flag(row, "active"), row.getString("hash"), Columns.instant(row, "created_at"),
                Columns.instant(row, "updated_at"));
    }
}
