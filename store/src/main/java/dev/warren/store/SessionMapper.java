package dev.warren.store;

import dev.warren.core.model.WebSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code web_sessions} row. */
final class SessionMapper implements RowMapper<WebSession> {
    static final SessionMapper INSTANCE = new SessionMapper();
    static final String COLUMNS = "id_hash, user_id, csrf_token, expires_at, created_at";

    @Override
    public WebSession map(ResultSet row, StatementContext context) throws SQLException {
        return new WebSession(row.getString("id_hash"), row.getString("user_id"), row.getString("csrf_token"),
                Columns.instant(row, "expires_at"), Columns.instant(row, "created_at"));
    }
}
