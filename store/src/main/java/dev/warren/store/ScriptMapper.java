package dev.warren.store;

import dev.warren.core.model.Script;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code scripts} row. */
final class ScriptMapper implements RowMapper<Script> {
    static final ScriptMapper INSTANCE = new ScriptMapper();
    static final String COLUMNS = "id, name, description, content, created_at, updated_at";

    @Override
    public Script map(ResultSet row, StatementContext context) throws SQLException {
        return new Script(row.getString("id"), row.getString("name"), row.getString("description"),
                row.getString("content"), Columns.instant(row, "created_at"), Columns.instant(row, "updated_at"));
    }
}
