package dev.warren.server.users;

import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.client.wire.Auth.UpdateProfileRequest;
import dev.warren.client.wire.Auth.UpdateUserRequest;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Role;
import dev.warren.core.model.Shell;
import dev.warren.core.model.User;
import dev.warren.core.rules.Validator;
import dev.warren.server.auth.PasswordHasher;
import dev.warren.server.auth.Secrets;
import dev.warren.store.UserStore;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Creates and changes users. Every write validates everything before it touches the store. Thread-safe. */
public final class UserService {
    private static final int MIN_PASSWORD = 8;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Secrets secrets;
    private final Clock clock;

    public UserService(UserStore users, PasswordHasher hasher, Secrets secrets, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.secrets = secrets;
        this.clock = clock;
    }

    public List<User> list() {
        return users.list();
    }

    public User get(String idUsernameOrEmail) {
        return users.findByIdUsernameOrEmail(idUsernameOrEmail)
                .orElseThrow(() -> new NotFoundException("No user '" + idUsernameOrEmail + "' was found."));
    }

    /** Creates a user with a fresh random service password. */
    public User create(CreateUserRequest request) {
        Validator validator = new Validator()
                .name("username", request.username())
                .email("email", request.email());
        checkPassword(validator, "password", request.password());
        Set<Role> roles = roles(validator, request.roles());
        Shell shell = shell(validator, request.preferredShell());
        String timezone = timezone(validator, request.timezone());
        validator.throwIfInvalid();
        if (users.findByUsername(request.username()).isPresent()) {
            throw new ConflictException("A user named '" + request.username() + "' already exists.");
        }
        if (users.findByEmail(request.email()).isPresent()) {
            throw new ConflictException("A user with the email '" + request.email() + "' already exists.");
        }
        User user = new User(secrets.id(), request.username(), request.email().strip(),
                hasher.hash(request.password()), roles, request.active() == null || request.active(), shell,
                timezone, secrets.password(24), clock.instant());
        users.insert(user);
        return user;
    }

    /** Admin edit of any user; null fields stay as they are. */
    public User update(String idUsernameOrEmail, UpdateUserRequest request) {
        User user = get(idUsernameOrEmail);
        Validator validator = new Validator();
        if (request.email() != null) {
            validator.email("email", request.email());
        }
        if (request.password() != null) {
            checkPassword(validator, "password", request.password());
        }
        Set<Role> roles = request.roles() == null ? user.roles() : roles(validator, request.roles());
        Shell shell = request.preferredShell() == null ? user.preferredShell()
                : shell(validator, request.preferredShell());
        String timezone = request.timezone() == null ? user.timezone() : timezone(validator, request.timezone());
        validator.throwIfInvalid();
        String email = request.email() == null ? user.email() : request.email().strip();
        checkEmailFree(user, email);
        boolean staysAdmin = roles.contains(Role.ADMIN) && (request.active() == null || request.active());
        if (user.isAdmin() && user.active() && !staysAdmin && users.list().stream()
                .noneMatch(other -> !other.id().equals(user.id()) && other.isAdmin() && other.active())) {
            throw new ConflictException("'" + user.username() + "' is the last active admin; make another user an "
                    + "admin first, or nobody could manage warren any more.");
        }
        User updated = new User(user.id(), user.username(), email,
                request.password() == null ? user.passwordHash() : hasher.hash(request.password()), roles,
                request.active() == null ? user.active() : request.active(), shell, timezone,
                user.servicePassword(), user.createdAt());
        users.update(updated);
        return updated;
    }

    /** A user's own profile; a new password requires the current one. */
    public User updateProfile(User user, UpdateProfileRequest request) {
        Validator validator = new Validator();
        if (request.email() != null) {
            validator.email("email", request.email());
        }
        Shell shell = request.preferredShell() == null ? user.preferredShell()
                : shell(validator, request.preferredShell());
        String timezone = request.timezone() == null ? user.timezone() : timezone(validator, request.timezone());
        if (request.newPassword() != null) {
            checkPassword(validator, "new_password", request.newPassword());
            if (!hasher.matches(request.currentPassword(), user.passwordHash())) {
                validator.add("current_password", "The current password is wrong.");
            }
        }
        validator.throwIfInvalid();
        String email = request.email() == null ? user.email() : request.email().strip();
        checkEmailFree(user, email);
        User updated = new User(user.id(), user.username(), email,
                request.newPassword() == null ? user.passwordHash() : hasher.hash(request.newPassword()),
                user.roles(), user.active(), shell, timezone, user.servicePassword(), user.createdAt());
        users.update(updated);
        return updated;
    }

    /**
     * Sets the service password ({@code null} or blank: generate one). Running spaces get it on their next start,
     * because it is injected into the container only when the space starts.
     */
    public User setServicePassword(User user, String servicePassword) {
        String value = servicePassword == null || servicePassword.isBlank() ? secrets.password(24) : servicePassword;
        new Validator()
                .check(value.length() >= 8 && value.length() <= 128, "service_password",
                        "The service password must be 8 to 128 characters long.")
                .check(value.chars().noneMatch(Character::isISOControl), "service_password",
                        "The service password must not contain control characters.")
                .throwIfInvalid();
        User updated = new User(user.id(), user.username(), user.email(), user.passwordHash(), user.roles(),
                user.active(), user.preferredShell(), user.timezone(), value, user.createdAt());
        users.update(updated);
        return updated;
    }

    private void checkEmailFree(User user, String email) {
        users.findByEmail(email).filter(other -> !other.id().equals(user.id())).ifPresent(other -> {
            throw new ConflictException("A user with the email '" + email + "' already exists.");
        });
    }

    private static void checkPassword(Validator validator, String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
            validator.add(field, "The password must be " + MIN_PASSWORD + " to 200 characters long.");
        }
    }

    private static Set<Role> roles(Validator validator, List<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.of(Role.USER);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException unknown) {
                validator.add("roles", "Unknown role '" + name + "': roles are 'admin' and 'user'.");
            }
        }
        return roles;
    }

    static Shell shell(Validator validator, String name) {
        if (name == null || name.isBlank()) {
            return Shell.BASH;
        }
        try {
            return Shell.parse(name);
        } catch (IllegalArgumentException unknown) {
            validator.add("preferred_shell", "Unknown shell '" + name + "': choose bash, zsh, fish or sh.");
            return Shell.BASH;
        }
    }

    private static String timezone(Validator validator, String zone) {
        if (zone == null || zone.isBlank()) {
            return "UTC";
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException unknown) {
            validator.add("timezone", "Unknown time zone '" + zone + "', e.g. 'UTC' or 'Europe/Paris'.");
            return "UTC";
        }
    }

    /** Rejects a shell name for a space edit; shared with the space service. */
    public static Shell parseShell(String field, String name) {
        try {
            return name == null || name.isBlank() ? Shell.BASH : Shell.parse(name);
        } catch (IllegalArgumentException unknown) {
            throw ValidationException.of(field, "Unknown shell '" + name + "': choose bash, zsh, fish or sh.");
        }
    }
}
