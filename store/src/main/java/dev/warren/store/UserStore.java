package dev.warren.store;

import static dev.warren.store.Conflicts.clash;

import dev.warren.core.NotFoundException;
import dev.warren.core.model.User;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.Update;

/**
 * Users. Usernames are unique as written; emails are unique ignoring case. Service passwords are sealed with a
 * {@link FieldCipher} on write and opened on read, so callers see plaintext and the table never holds it.
 * Thread-safe, blocking.
 */
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
    private final FieldCipher cipher;
    private final UserMapper mapper;

    /** A store that keeps service passwords as given: only for tests of the store itself. */
    public UserStore(Jdbi jdbi) {
        this(jdbi, FieldCipher.NONE);
    }

    /** A store that seals service passwords with {@code cipher}. */
    public UserStore(Jdbi jdbi, FieldCipher cipher) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.cipher = Objects.requireNonNull(cipher);
        this.mapper = new UserMapper(cipher);
    }

    /**
     * Seals every service password that is stored in clear text or with an older key, with the current key.
     * Idempotent (a second run changes nothing); safe while the server runs (each row is replaced only if it still
     * holds the value that was read). Call at start-up.
     *
     * @return how many rows were rewritten
     * @throws IllegalStateException when a value was sealed with a key the cipher does not hold
     */
    public int sealServicePasswords() {
        List<Map.Entry<String, String>> rows = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id, service_password FROM users WHERE service_password IS NOT NULL")
                .map((row, context) -> Map.entry(row.getString("id"), row.getString("service_password")))
                .list());
        int rewritten = 0;
        for (Map.Entry<String, String> row : rows) {
            if (cipher.isCurrent(row.getValue())) {
                continue;
            }
            String context = UserMapper.servicePasswordContext(row.getKey());
            String sealed = cipher.seal(cipher.open(row.getValue(), context), context);
            rewritten += jdbi.withHandle(handle -> handle.createUpdate("UPDATE users SET service_password = :sealed"
                            + " WHERE id = :id AND service_password = :old")
                    .bind("sealed", sealed).bind("id", row.getKey()).bind("old", row.getValue()).execute());
        }
        return rewritten;
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
                .map(mapper)
                .findFirst());
    }

    /** All users, ordered by username. */
    public List<User> list() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " ORDER BY username")
                .map(mapper).list());
    }

    /** How many users exist (zero before the first admin is created). */
    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    private Optional<User> findOne(String sql, String value) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).bind("value", value)
                .map(mapper).findOne());
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

    private Update bind(Update update, User user) {
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
                .bind("servicePassword", user.servicePassword() == null ? null
                        : cipher.seal(user.servicePassword(), UserMapper.servicePasswordContext(user.id())))
                .bind("createdAt", Columns.millis(user.createdAt()));
    }

    private static String emailKey(String email) {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }
}
