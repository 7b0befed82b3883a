package dev.warren.cli;

import dev.warren.client.wire.Spaces.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code warren space run|script|cat|write}: commands and files in running spaces. */
final class SpaceIoCommands {
    private SpaceIoCommands() {}

    /**
     * Prints a command's stdout and stderr to ours (or the result as JSON) and returns its exit code; a timeout
     * exits with 124 and says so.
     */
    static int finish(Base command, RunResult result) {
        if (command.json()) {
            Output.json(command.out(), result);
        } else {
            command.out().flush();
            command.root().stdout.print(result.stdout() == null ? result.output() : result.stdout());
            command.root().stdout.flush();
            if (result.stderr() != null) {
                command.root().stderr.print(result.stderr());
            }
            if (result.truncated()) {
                command.root().stderr.println("warren: the output was truncated by the server.");
            }
            if (result.timedOut()) {
                command.root().stderr.println("warren: the command timed out and was killed.");
            }
            command.root().stderr.flush();
        }
        return result.timedOut() ? ExitCodes.TIMED_OUT : result.exitCode();
    }

    @Command(name = "run", description = {"Run a command in a running space; exits with its exit code (124 on timeout).",
            "Options go before SPACE: warren space run --timeout 60 web ls -la /tmp"})
    static final class Run extends Base {
        @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
                description = "Kill the command after this many seconds (default: ${DEFAULT-VALUE}).")
        int timeout;
        @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory (default: the image's).")
        String workdir;
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "COMMAND", description = "The program to run (use sh -c '...' for a shell line).")
        String command;
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "ARG", description = "Its arguments.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return finish(this, warren().run(space, command, args, Duration.ofSeconds(timeout), workdir));
        }
    }

    @Command(name = "script", description = "Run a stored script in a space; exits with its exit code.")
    static final class Script extends Base {
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the script after this many seconds.")
        Integer timeout;
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "SCRIPT", description = "The script's name or id.")
        String script;
        @Parameters(index = "2..*", arity = "0..*", paramLabel = "ARG", description = "Arguments for the script.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return finish(this, warren().runScript(space, script, args,
                    timeout == null ? null : Duration.ofSeconds(timeout)));
        }
    }

    @Command(name = "cat", description = "Print a file of a running space (raw bytes, streamed).")
    static final class Cat extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PATH", description = "Absolute path in the space.")
        String path;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this local file instead.")
        Path output;

        @Override
        public Integer call() {
            if (json()) {
                String content = new String(warren().readFileBytes(space, path), StandardCharsets.UTF_8);
                Output.json(out(), Map.of("path", path, "content", content));
                return ExitCodes.OK;
            }
            if (output != null) {
                warren().readFile(space, path, output);
                return ExitCodes.OK;
            }
            out().flush();
            warren().readFile(space, path, root().stdout);
            root().stdout.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "write", description = "Write standard input (or --from FILE) to a file of a running space.")
    static final class Write extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PATH", description = "Absolute path in the space.")
        String path;
        @Option(names = {"-f", "--from"}, paramLabel = "FILE", description = "Local file to upload (default: stdin).")
        Path from;

        @Override
        public Integer call() {
            if (from != null) {
                warren().writeFile(space, path, from);
            } else {
                warren().writeFile(space, path, root().stdin);
            }
            return done(Map.of("space", space, "path", path), "Wrote " + path + " in " + space + ".");
        }
    }

}
