package dev.warren.server.users;

import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.server.auth.Secrets;
import dev.warren.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;

/**
 * Creates the first admin when the store has no user at all. The password comes from configuration, or is
 * generated and printed once to the console (never logged to files).
 */
public final class AdminBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserStore users;
    private final UserService userService;
    private final Secrets secrets;
    private final PrintStream console;

    public AdminBootstrap(UserStore users, UserService userService, Secrets secrets, PrintStream console) {
        this.users = users;
        this.userService = userService;
        this.secrets = secrets;
        this.console = console;
    }

    /** Idempotent: does nothing once any user exists. */
    public void ensureAdmin(String username, String email, String configuredPassword) {
        if (users.count() > 0) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        String password = generated ? secrets.password(20) : configuredPassword;
        userService.create(new CreateUserRequest(username, email, password, List.of("admin", "user"), true, "bash",
                "UTC"));
        LOG.info("Created the first admin user '{}'.", username);
        if (generated) {
            console.println();
            console.println("  warren: first admin created — username: " + username + "  password: " + password);
            console.println("  (shown once; set WARREN_ADMIN_PASSWORD to choose it)");
            console.println();
        }
    }
}
