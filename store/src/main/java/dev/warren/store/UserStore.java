package dev.warren.store;

import static dev.warren.store.Conflicts.clash;

import dev.warren.core.NotFoundException;
import dev.warren.core.model.User;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.Update;

/** Users. Usernames are unique as written; emails are unique ignoring case. Thread-safe, blocking. */
public final class UserStore {
    private static final String SELECT = "SELECT " + UserMapper.COLUMNS + " FROM users";
    private static final String INSERT = "INSERT INTO users (" + UserMapper.COLUMNS + ", email_key) VALUES (:id,"
            + " :username, :email, :passwordHash, :roles, :active, :preferredShell, :timezone, :servicePassword,"
            + " :createdAt, :emailKey)";
    private static final String UPDATE = "UPDATE users SET username = :username, email = :email,"
            + " email_key = :emailKey, password_hash = :passwordHash, roles = :roles, active = :active,"
            + " preferred_shell = :preferredShell, timezone = :timezone, service_password = :servicePassword"
            + " WHERE id = :id";

    private final Jdbi jdbi;

    public UserStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /** Stores a new user. @throws dev.warren.core.ConflictException if the username or email is taken */
    public void insert(User user) {
        write(user, INSERT);
    }

    /**
     * Replaces every field of the stored user except {@code createdAt}.
     *
     * @throws dev.warren.core.ConflictException if the new username or email is taken
     * @throws NotFoundException if no user has this id
     */
    public void update(User user) {
        if (write(user, UPDATE) == 0) {
            throw new NotFoundException("No user with id '" + user.id() + "' was found.");
        }
    }

    /** The user with this id, if any. */
    public Optional<User> findById(String id) {
        return findOne(SELECT + " WHERE id = :value", id);
    }

    /** The user with exactly this username, if any. */
    public Optional<User> findByUsername(String username) {
        return findOne(SELECT + " WHERE username = :value", username);
    }

    /** The user with this email, compared ignoring case, if any. */
    public Optional<User> findByEmail(String email) {
        return findOne(SELECT + " WHERE email_key = :value", emailKey(email));
    }

    /** The user whose id, username or email (ignoring case) is {@code value}, preferring that order. */
    public Optional<User> findByIdUsernameOrEmail(String value) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT
                        + " WHERE id = :value OR username = :value OR email_key = :emailKey"
                        + " ORDER BY CASE WHEN id = :value THEN 0 WHEN username = :value THEN 1 ELSE 2 END")
                .bind("value", value)
                .bind("emailKey", emailKey(value))
                .setMaxRows(1)
                .map(UserMapper.INSTANCE)
                .findFirst());
    }

    /** All users, ordered by username. */
    public List<User> list() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " ORDER BY username")
                .map(UserMapper.INSTANCE).list());
    }

    /** How many users exist (zero before the first admin is created). */
    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    private Optional<User> findOne(String sql, String value) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).bind("value", value)
                .map(UserMapper.INSTANCE).findOne());
    }

    private int write(User user, String sql) {
        try {
            return jdbi.withHandle(handle -> bind(handle.createUpdate(sql), user).execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, null,
                    clash("username", "A user named '" + user.username() + "' already exists."),
                    clash("email", "A user with the email '" + user.email() + "' already exists."));
        }
    }

    private static Update bind(Update update, User user) {
        // UPDATE leaves created_at alone, so one binder serves INSERT and UPDATE.
        return update.configure(SqlStatements.class, statements -> statements.setUnusedBindingAllowed(true))
                .bind("id", user.id())
                .bind("username", user.username())
                .bind("email", user.email())
                .bind("emailKey", emailKey(user.email()))
                .bind("passwordHash", user.passwordHash())
                .bind("roles", Json.write(user.roles().stream().map(Enum::name).sorted().toList()))
                .bind("active", Columns.flag(user.active()))
                .bind("preferredShell", Columns.name(user.preferredShell()))
                .bind("timezone", user.timezone())
                .bind("servicePassword", user.servicePassword())
                .bind("createdAt", Columns.millis(user.createdAt()));
    }

    private static String emailKey(String email) {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }
}
