package dev.warren.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads an {@code uploads} row. */
final class UploadMapper implements RowMapper<UploadStore.Upload> {
    static final UploadMapper INSTANCE = new UploadMapper();
    static final String COLUMNS = "id, user_id, space_id, target_path, kind, conflict, mode, length, received_bytes,"
            + " sha256, state, error, result, created_at, updated_at";

    @Override
    public UploadStore.Upload map(ResultSet row, StatementContext context) throws SQLException {
        int mode = row.getInt("mode");
        Integer modeOrNull = row.wasNull() ? null : mode;
        return new UploadStore.Upload(row.getString("id"), row.getString("user_id"), row.getString("space_id"),
                row.getString("target_path"), row.getString("kind"), row.getString("conflict"), modeOrNull,
                row.getLong("length"), row.getLong("received_bytes"), row.getString("sha256"),
                UploadStore.State.of(row.getString("state")), row.getString("error"), row.getString("result"),
                Columns.instant(row, "created_at"), Columns.instant(row, "updated_at"));
    }
}
