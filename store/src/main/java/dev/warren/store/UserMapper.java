package dev.warren.store;

import dev.warren.core.model.Role;
import dev.warren.core.model.Shell;
import dev.warren.core.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code users} row, opening the sealed service password. */
final class UserMapper implements RowMapper<User> {
    static final String COLUMNS = "id, username, email, password_hash, roles, active, preferred_shell, timezone,"
            + " service_password, created_at";

    private final FieldCipher cipher;

    UserMapper(FieldCipher cipher) {
        this.cipher = cipher;
    }

    /** What the service password of user {@code id} is sealed with (authenticated, never secret). */
    static String servicePasswordContext(String id) {
        return "users.service_password/" + id;
    }

    @Override
    public User map(ResultSet row, StatementContext context) throws SQLException {
        Set<Role> roles = Json.strings(row.getString("roles")).stream().map(Role::valueOf).collect(Collectors.toSet());
        return new User(row.getString("id"), row.getString("username"), row.getString("email"),
                row.getString("password_hash"), roles, Columns.flag(row, "active"),
                Columns.enumValue(Shell.class, row, "preferred_shell"), row.getString("timezone"),
                open(row.getString("id"), row.getString("service_password")), Columns.instant(row, "created_at"));
    }

    private String open(String id, String stored) {
        return stored == null ? null : cipher.open(stored, servicePasswordContext(id));
    }
}
