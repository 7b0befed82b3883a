package dev.warren.store;

import dev.warren.store.PreviewTokenStore.PreviewToken;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code preview_tokens} row. */
final class PreviewTokenMapper implements RowMapper<PreviewToken> {
    static final PreviewTokenMapper INSTANCE = new PreviewTokenMapper();
    static final String COLUMNS = "id, space_id, port, token_hash, created_by, created_at, expires_at, revoked_at";

    @Override
    public PreviewToken map(ResultSet row, StatementContext context) throws SQLException {
        return new PreviewToken(row.getString("id"), row.getString("space_id"), row.getInt("port"),
                row.getString("token_hash"), row.getString("created_by"), Columns.instant(row, "created_at"),
                Columns.instant(row, "expires_at"), Columns.instant(row, "revoked_at"));
    }
}
