package dev.warren.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.warren.client.CommandHandle;
import dev.warren.client.CommandResult;
import dev.warren.client.OutputCallbacks;
import dev.warren.client.ProcessesApi;
import dev.warren.client.RunOptions;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.Processes.ProcessEvent;
import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code warren space exec|ps|kill|attach}: processes in running spaces, streamed as they run. {@code exec} and
 * {@code attach} exit with the process's own exit code (124 when it timed out, 128+N when signal N killed it).
 */
final class SpaceProcessCommands {
    /** One {@link ProcessEvent} per line, without the fields an event does not carry. */
    private static final ObjectWriter EVENT_LINE = WireJson.newMapper(true)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL).writer();
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private SpaceProcessCommands() {}

    /**
     * Streams output to our stdout and stderr as it arrives (or, with {@code --json}, each event as one JSON line on
     * stdout), then says how the process ended and returns the exit code for it.
     */
    static final class Printer {
        private final Base command;
        private final PrintStream stdout;
        private final PrintStream stderr;

        Printer(Base command) {
            this.command = command;
            this.stdout = command.root().stdout;
            this.stderr = command.root().stderr;
        }

        OutputCallbacks callbacks() {
            command.out().flush();
            if (command.json()) {
                return OutputCallbacks.none().onEvent(this::eventLine);
            }
            return OutputCallbacks.of(text -> {
                stdout.print(text);
                stdout.flush();
            }, text -> {
                stderr.print(text);
                stderr.flush();
            });
        }

        private void eventLine(ProcessEvent event) {
            if ("keepalive".equals(event.type())) {
                return; // the server's sign of life on a quiet stream, nothing for the reader
            }
            try {
                stdout.println(EVENT_LINE.writeValueAsString(event));
                stdout.flush();
            } catch (JsonProcessingException error) {
                throw new IllegalStateException("Cannot print an event as JSON: " + error.getMessage(), error);
            }
        }

        int finish(CommandResult result) {
            if (!command.json()) {
                if (result.truncated()) {
                    stderr.println("warren: the output was truncated by the server.");
                }
                if (result.timedOut()) {
                    stderr.println("warren: the command timed out and was killed.");
                } else if (result.signal() != null) {
                    stderr.println("warren: the command was killed by signal " + result.signal() + ".");
                }
                stderr.flush();
            }
            return ExitCodes.ofProcess(result);
        }
    }

    @Command(name = "exec", description = {
            "Run a command in a running space, streaming its output as it happens; exits with its exit code "
                    + "(124 on timeout, 128+N when killed by signal N). Interrupting warren kills the command.",
            "Put -- before the command: warren space exec web -- ls -la /tmp",
            "A shell line is explicit: warren space exec web --shell -- 'ls | wc -l'"})
    static final class Exec extends Base {
        @Option(names = "--shell", description = "COMMAND is one shell line for /bin/sh -c (no separate arguments).")
        boolean shell;
        @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Environment variable (repeatable).")
        Map<String, String> env = new LinkedHashMap<>();
        @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory (default: the template's).")
        String workdir;
        @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as this user (default: the template's).")
        String user;
        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "Kill the command after this many seconds (default: the server's, an hour; not with --background).")
        Integer timeout;
        @Option(names = {"-b", "--background"}, description = "Start it in the background and print its pid.")
        boolean background;
        @Option(names = {"-i", "--stdin"}, description = "Send our standard input to the command (as text, until its end).")
        boolean stdin;
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND",
                description = "The program and its arguments, or with --shell one shell line.")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call() {
            RunOptions options;
            if (shell) {
                if (command.size() != 1) {
                    throw new ExitCodes.UsageException("With --shell the command is one shell line; quote it as one "
                            + "argument (warren space exec " + space + " --shell -- 'a | b'), or drop --shell to pass "
                            + "a program and its arguments.");
                }
                options = RunOptions.shell();
            } else {
                options = RunOptions.argv(command.subList(1, command.size()));
            }
            options = options.withEnv(env).withWorkdir(workdir).withUser(user)
                    .withTimeout(timeout == null ? null : Duration.ofSeconds(timeout));
            if (stdin) {
                options = options.withStdinOpen();
            }
            ProcessesApi processes = warren().processes(space);
            if (background) {
                CommandHandle handle = processes.background(command.getFirst(), options);
                print(handle.started(), () -> out().println(handle.pid()));
                if (stdin) {
                    pump(processes, handle.pid());
                }
                return ExitCodes.OK;
            }
            Printer printer = new Printer(this);
            OutputCallbacks callbacks = printer.callbacks();
            if (stdin) {
                var events = callbacks.events();
                callbacks = callbacks.onEvent(event -> {
                    events.accept(event);
                    if ("start".equals(event.type()) && event.pid() != null) {
                        int pid = event.pid();
                        Thread.ofVirtual().name("warren-stdin").start(() -> pump(processes, pid));
                    }
                });
            }
            return printer.finish(processes.run(command.getFirst(), options.withCallbacks(callbacks)));
        }

        /** Copies our standard input to the process as text until its end, then closes the process's stdin. */
        private void pump(ProcessesApi processes, int pid) {
            Reader reader = new InputStreamReader(root().stdin, StandardCharsets.UTF_8);
            char[] buffer = new char[8192];
            try {
                int read;
                while ((read = reader.read(buffer)) >= 0) {
                    if (read > 0) {
                        processes.sendStdin(pid, new String(buffer, 0, read));
                    }
                }
                processes.closeStdin(pid);
            } catch (WarrenException.Conflict | WarrenException.NotFound exited) {
                // the process is gone; its exit says how it ended
            } catch (IOException | WarrenException failed) {
                root().stderr.println("warren: sending standard input failed: " + failed.getMessage());
                root().stderr.flush();
            }
        }
    }

    @Command(name = "attach", description = "Follow a process's output (recent output first) until it exits; "
            + "exits with its exit code. Interrupting warren only detaches.")
    static final class Attach extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PID", description = "The process id (see 'warren space ps').")
        int pid;

        @Override
        public Integer call() {
            Printer printer = new Printer(this);
            return printer.finish(warren().processes(space).attach(pid, printer.callbacks()));
        }
    }

    @Command(name = "ps", description = "List the processes started in a space (and its main command).")
    static final class Ps extends Base {
        @Parameters(paramLabel = "SPACE", description = "Name or id.")
        String space;

        @Override
        public Integer call() {
            List<ProcessInfo> processes = warren().processes(space).list();
            return print(processes, () -> Output.table(out(), List.of("PID", "STATE", "EXIT", "KIND", "STARTED",
                    "COMMAND"), processes.stream().map(p -> Output.row(p.pid(), p.running() ? "running" : "exited",
                    p.exitCode(), kind(p), p.startedAt(), commandLine(p.argv()))).toList()));
        }
    }

    @Command(name = "kill", description = "Kill a process (SIGKILL), or send it --signal.")
    static final class Kill extends Base {
        @Parameters(index = "0", paramLabel = "SPACE", description = "Name or id.")
        String space;
        @Parameters(index = "1", paramLabel = "PID", description = "The process id (see 'warren space ps').")
        int pid;
        @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL",
                description = "Send this signal instead (TERM, INT, HUP, KILL, QUIT, USR1, USR2, STOP, CONT or a number).")
        String signal;

        @Override
        public Integer call() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("space", space);
            result.put("pid", pid);
            if (signal == null) {
                warren().processes(space).kill(pid);
                result.put("signal", "KILL");
                return done(result, "Killed process " + pid + " in " + space + ".");
            }
            warren().processes(space).signal(pid, signal);
            result.put("signal", signal);
            return done(result, "Sent " + signal + " to process " + pid + " in " + space + ".");
        }
    }

    static String kind(ProcessInfo process) {
        String kind = process.main() ? "main" : process.background() ? "background" : "foreground";
        return process.tty() ? kind + ",tty" : kind;
    }

    /** The argv as one line a shell would read back the same way. */
    static String commandLine(List<String> argv) {
        if (argv == null) {
            return "";
        }
        return String.join(" ", argv.stream().map(arg -> PLAIN_WORD.matcher(arg).matches() ? arg
                : "'" + arg.replace("'", "'\\''") + "'").toList());
    }
}
