package dev.warren.store;

import dev.warren.core.model.PortForward;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code port_forwards} row; every stored forward is persistent. */
final class PortForwardMapper implements RowMapper<PortForward> {
    static final PortForwardMapper INSTANCE = new PortForwardMapper();
    static final String COLUMNS = "source_space_id, local_port, target_space_id, remote_port, forced";

    @Override
    public PortForward map(ResultSet row, StatementContext context) throws SQLException {
        return new PortForward(row.getString("source_space_id"), row.getInt("local_port"),
                row.getString("target_space_id"), row.getInt("remote_port"), true, Columns.flag(row, "forced"));
    }
}
