package dev.warren.cli;

import dev.warren.client.ConfigFile;
import dev.warren.client.Connection;
import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The root {@code warren} command: global options and the shared state of one invocation (environment, standard
 * streams, the lazily created SDK client). One instance per invocation; not thread-safe.
 */
@Command(name = "warren", mixinStandardHelpOptions = true, versionProvider = WarrenCommand.Version.class,
        description = "Manage warren spaces, templates, scripts, port forwards, tokens and users.",
        footer = {"", "Exit codes: 0 ok, 1 error, 2 usage or invalid input, 3 not found, 4 authentication, "
                + "5 conflict or wrong state; 'space run', 'space exec' and 'space attach' exit with the command's own "
                + "code (124 on timeout).",
                "Settings: --server/--token, then WARREN_SERVER/WARREN_TOKEN, then the config file written by "
                        + "'warren login'."})
public final class WarrenCommand {
    /**
     * The top-level subcommands, in the order help lists them. They sit on this holder rather than on the root's
     * annotation so that picocli does not build every command's model at start: {@link #commandLine(Map,
     * InputStream, PrintStream, PrintStream, List)} adds only the one the arguments name (ADR 0008).
     */
    @Command(
        subcommands = {LoginCommand.class, LoginCommand.Logout.class, LoginCommand.Whoami.class, SpaceCommand.class,
                SandboxCommand.class, SnapshotCommand.class, VolumeCommand.class, PortCommand.class,
                TemplateCommand.class, ScriptCommand.class, TokenCommand.class, UserCommand.class,
                StackCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
    private static final class Subcommands {}

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The warren server URL (default: WARREN_SERVER, then the config file).")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "The API token (default: WARREN_TOKEN, then the config file).")
    String token;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print machine-readable JSON (the API's snake_case shapes) instead of tables.")
    boolean json;

    final Map<String, String> env;
    final InputStream stdin;
    final PrintStream stdout;
    final PrintStream stderr;
    private Warren client;
    private HttpClient http;

    WarrenCommand(Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The SDK client for this invocation, resolved from the options, environment and config file. */
    Warren warren() {
        if (client == null) {
            Connection connection = Connection.resolve(server, token, env, configFile());
            http = CliHttp.client(connection.server());
            client = Warren.builder().connection(connection).httpClient(http).build();
        }
        return client;
    }

    /**
     * Stops the HTTP client's threads once the command is done. {@code System.exit} waits up to 300 ms for threads
     * blocked in native code, as the client's selector thread always is, so without this every command paid that
     * wait at exit (ADR 0008).
     */
    void close() throws InterruptedException {
        if (http != null) {
            http.shutdownNow();
            http.awaitTermination(Duration.ofSeconds(1));
        }
    }

    Path configFile() {
        return ConfigFile.defaultPath(env);
    }

    /** The id of the space this CLI runs in, or null outside spaces. */
    String currentSpaceId() {
        String id = env.get("WARREN_SPACE_ID");
        return id == null || id.isBlank() ? null : id;
    }

    /**
     * A configured command line with every subcommand: output to the given streams, failures mapped to
     * {@link ExitCodes}.
     *
     * @param env    the environment to resolve settings from
     * @param stdin  standard input (passwords, file contents)
     * @param stdout standard output
     * @param stderr standard error
     * @return the command line, ready to {@code execute(args)}
     */
    public static CommandLine commandLine(Map<String, String> env, InputStream stdin, PrintStream stdout,
            PrintStream stderr) {
        return commandLine(env, stdin, stdout, stderr, List.of());
    }

    /**
     * As {@link #commandLine(Map, InputStream, PrintStream, PrintStream)}, holding only the top-level subcommand
     * that {@code args} name when they clearly name one ({@link LazySubcommands}): building picocli's model of
     * every command was most of the CLI's start-up work. Help, completion and anything unclear get them all, so
     * usage, suggestions and errors stay the same.
     *
     * @param args the arguments that will be executed
     * @return the command line, ready to {@code execute(args)}
     */
    public static CommandLine commandLine(Map<String, String> env, InputStream stdin, PrintStream stdout,
            PrintStream stderr, List<String> args) {
        WarrenCommand root = new WarrenCommand(env, stdin, stdout, stderr);
        CommandLine line = new CommandLine(root);
        // Added before the settings below, which picocli passes on only to the subcommands present.
        LazySubcommands.needed(Subcommands.class.getAnnotation(Command.class).subcommands(), args)
                .forEach(line::addSubcommand);
        line.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
        line.setExecutionExceptionHandler((error, failed, parsed) -> report(root, failed, error));
        stopAtPositional(line, "space", "run");
        stopAtPositional(line, "space", "script");
        stopAtPositional(line, "script", "run");
        return line;
    }

    /** Arguments after the command's first positional belong to the command run in the space. */
    private static void stopAtPositional(CommandLine line, String command, String subcommand) {
        CommandLine parent = line.getSubcommands().get(command);
        if (parent != null) {
            parent.getSubcommands().get(subcommand).setStopAtPositional(true);
        }
    }

    private static int report(WarrenCommand root, CommandLine failed, Exception error) {
        int code = ExitCodes.of(error);
        PrintWriter err = failed.getErr();
        if (root.json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message(error));
            body.put("exit_code", code);
            if (error instanceof WarrenException warren) {
                body.put("status", warren.status());
                body.put("detail", warren.detail());
                body.put("validations", warren.validations());
                body.put("correlation_id", warren.correlationId());
            }
            Output.json(err, body);
            return code;
        }
        err.println("warren: " + message(error));
        if (error instanceof WarrenException warren) {
            warren.validations().forEach(v -> err.println("  " + v.field() + ": " + v.message()));
            if (warren.correlationId() != null) {
                err.println("  correlation id: " + warren.correlationId());
            }
        }
        if (code == ExitCodes.USAGE && !(error instanceof WarrenException)) {
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return code;
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WarrenCommand.class.getPackage().getImplementationVersion();
            return new String[] {"warren " + (version == null ? "dev" : version)};
        }
    }
}
