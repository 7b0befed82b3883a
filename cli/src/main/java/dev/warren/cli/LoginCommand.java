package dev.warren.cli;

import dev.warren.client.ConfigFile;
import dev.warren.client.Connection;
import dev.warren.client.Warren;
import dev.warren.client.wire.Auth.CreatedToken;
import dev.warren.client.wire.Auth.UserInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code warren login}: logs in with a username and password (or checks a given token), creates an API token and
 * stores server and token in the config file (mode 0600). Also {@code logout} and {@code whoami}.
 */
@Command(name = "login", description = {"Log in and store an API token in the config file (mode 0600).",
        "warren login --server URL --username alice --password-stdin < password.txt",
        "warren login --server URL --token TOKEN    (store an existing token after checking it)"})
final class LoginCommand extends Base {
    @Option(names = {"-u", "--username"}, description = "Username or email (prompted when absent on a terminal).")
    String username;
    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;
    @Option(names = "--token-name", description = "Name of the token to create (default: warren-cli@HOST).")
    String tokenName;
    @Option(names = "--expires-in-days", paramLabel = "DAYS", description = "Days until the token expires (default: never).")
    Integer days;

    @Override
    public Integer call() {
        WarrenCommand root = root();
        Optional<ConfigFile> existing = ConfigFile.read(root.configFile());
        String server = firstOf(root.server, root.env.get("WARREN_SERVER"),
                existing.map(ConfigFile::server).orElse(null));
        if (server == null) {
            throw new ExitCodes.UsageException("Name the server: warren login --server URL.");
        }
        String token;
        UserInfo user;
        if (root.token != null) {
            token = root.token;
            user = Warren.connect(Connection.resolve(server, token, Map.of(), root.configFile())).whoami();
        } else {
            String name = username != null ? username : prompt("Username: ");
            String password = passwordStdin ? readStdinLine() : promptPassword();
            CreatedToken created = Warren.login(server, name, password, tokenName != null ? tokenName : defaultTokenName(),
                    days);
            token = created.token();
            user = Warren.connect(Connection.resolve(server, token, Map.of(), root.configFile())).whoami();
        }
        new ConfigFile(server, token, user.username()).write(root.configFile());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("server", server);
        result.put("username", user.username());
        result.put("config_file", root.configFile().toString());
        return done(result, "Logged in to " + server + " as " + user.username() + "; the token is stored in "
                + root.configFile() + ".");
    }

    private String prompt(String label) {
        Console console = System.console();
        if (console == null) {
            throw new ExitCodes.UsageException("No terminal to prompt on: pass --username.");
        }
        String line = console.readLine(label);
        if (line == null || line.isBlank()) {
            throw new ExitCodes.UsageException("A username is required.");
        }
        return line.strip();
    }

    private String promptPassword() {
        Console console = System.console();
        if (console == null) {
            throw new ExitCodes.UsageException("No terminal to prompt on: pass --password-stdin and the password on "
                    + "standard input.");
        }
        char[] password = console.readPassword("Password: ");
        return password == null ? "" : new String(password);
    }

    private static String defaultTokenName() {
        try {
            return "warren-cli@" + InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException unknown) {
            return "warren-cli";
        }
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** {@code warren logout}: revokes nothing on the server; removes the config file. */
    @Command(name = "logout", description = "Forget the stored server and token (deletes the config file).")
    static final class Logout extends Base {
        @Override
        public Integer call() throws Exception {
            boolean deleted = Files.deleteIfExists(root().configFile());
            return done(Map.of("config_file", root().configFile().toString(), "deleted", deleted), deleted
                    ? "Removed " + root().configFile() + "." : "Not logged in (no " + root().configFile() + ").");
        }
    }

    /** {@code warren whoami}: the user the token belongs to. */
    @Command(name = "whoami", description = "Show who you are logged in as (and the space, inside one).")
    static final class Whoami extends Base {
        @Override
        public Integer call() {
            UserInfo user = warren().whoami();
            return print(user, () -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("username", user.username());
                fields.put("email", user.email());
                fields.put("roles", user.roles());
                fields.put("server", warren().connection().server());
                if (warren().connection().insideSpace()) {
                    fields.put("space", warren().connection().spaceName() + " (" + warren().connection().spaceId() + ")");
                }
                Output.fields(out(), fields);
            });
        }
    }
}
