package dev.warren.store;

import dev.warren.core.model.ApiToken;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads an {@code api_tokens} row. */
final class TokenMapper implements RowMapper<ApiToken> {
    static final TokenMapper INSTANCE = new TokenMapper();
    static final String COLUMNS = "id, user_id, name, token_hash, space_id, expires_at, created_at, last_used_at";

    @Override
    public ApiToken map(ResultSet row, StatementContext context) throws SQLException {
        return new ApiToken(row.getString("id"), row.getString("user_id"), row.getString("name"),
                row.getString("token_hash"), row.getString("space_id"), Columns.instant(row, "expires_at"),
                Columns.instant(row, "created_at"), Columns.instant(row, "last_used_at"));
    }
}
