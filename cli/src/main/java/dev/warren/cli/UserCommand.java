package dev.warren.cli;

import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.client.wire.Auth.UpdateUserRequest;
import dev.warren.client.wire.Auth.UserInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code warren user list|create|edit} for admins. */
@Command(name = "user", description = "Manage users (admin).",
        subcommands = {UserCommand.ListUsers.class, UserCommand.Create.class, UserCommand.Edit.class})
final class UserCommand {
    private UserCommand() {}

    static void table(Base command, List<UserInfo> users) {
        Output.table(command.out(), List.of("USERNAME", "EMAIL", "ROLES", "ACTIVE", "SHELL", "TIMEZONE", "ID"),
                users.stream().map(u -> Output.row(u.username(), u.email(), u.roles(), u.active() ? "yes" : "no",
                        u.preferredShell(), u.timezone(), u.id())).toList());
    }

    @Command(name = "list", description = "List users.")
    static final class ListUsers extends Base {
        @Override
        public Integer call() {
            List<UserInfo> users = warren().users().list();
            return print(users, () -> table(this, users));
        }
    }

    @Command(name = "create", description = "Create a user; the password is read from standard input.")
    static final class Create extends Base {
        @Parameters(paramLabel = "USERNAME", description = "The new user's name.")
        String username;
        @Option(names = "--email", required = true, description = "Email address.")
        String email;
        @Option(names = "--password-stdin", required = true, description = "Read the password from the first line of stdin.")
        boolean passwordStdin;
        @Option(names = "--role", paramLabel = "ROLE", description = "user or admin (repeatable; default: user).")
        List<String> roles;
        @Option(names = "--shell", description = "Preferred shell (default: bash).")
        String shell;
        @Option(names = "--timezone", description = "Time zone (default: UTC).")
        String timezone;
        @Option(names = "--inactive", description = "Create the user inactive.")
        boolean inactive;

        @Override
        public Integer call() {
            UserInfo user = warren().users().create(new CreateUserRequest(username, email, readStdinLine(), roles,
                    !inactive, shell, timezone));
            return done(user, "User " + user.username() + " is created (" + user.id() + ").");
        }
    }

    @Command(name = "edit", description = "Change a user; options not given keep their values.")
    static final class Edit extends Base {
        @Parameters(paramLabel = "USER", description = "Id, username or email.")
        String user;
        @Option(names = "--email", description = "New email.")
        String email;
        @Option(names = "--password-stdin", description = "Set the password from the first line of stdin.")
        boolean passwordStdin;
        @Option(names = "--role", paramLabel = "ROLE", description = "Roles (replace all; repeatable).")
        List<String> roles;
        @Option(names = "--active", negatable = true, description = "Activate or deactivate the user.")
        Boolean active;
        @Option(names = "--shell", description = "Preferred shell.")
        String shell;
        @Option(names = "--timezone", description = "Time zone.")
        String timezone;

        @Override
        public Integer call() {
            UserInfo updated = warren().users().update(user, new UpdateUserRequest(email,
                    passwordStdin ? readStdinLine() : null, roles, active, shell, timezone));
            return done(updated, "User " + updated.username() + " is updated.");
        }
    }
}
