package dev.warren.server.spaces;

import dev.warren.client.wire.Processes.ProcessInfo;
import dev.warren.client.wire.Processes.StartProcessRequest;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.core.rules.Validator;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.ProcessRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Processes in running spaces through their agent: started in the foreground (the caller streams the output) or in
 * the background (listed, attached to, fed stdin, signalled). Validates fully before anything starts. Blocking;
 * thread-safe.
 */
public final class SpaceProcesses {
    /** Where the agent's binary and socket live in every space (reserved: a process may not work there). */
    static final String RESERVED = "/.warren";

    private static final int MAX_TIMEOUT = 86_400;
    private static final int DEFAULT_FOREGROUND_TIMEOUT = 3_600;
    private static final Map<String, Integer> SIGNALS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "KILL", 9, "USR1", 10,
            "USR2", 12, "TERM", 15, "CONT", 18, "STOP", 19, "WINCH", 28);

    /** A foreground process and when to kill it (null: never). */
    public record Foreground(AgentProcess process, Duration timeout) {}

    private final SpaceRuntime runtime;
    private final ProcessEnvironment environment;

    public SpaceProcesses(SpaceRuntime runtime) {
        this(runtime, ProcessEnvironment.NONE);
    }

    /** @param environment what every process of a space gets on top of its container's environment */
    public SpaceProcesses(SpaceRuntime runtime, ProcessEnvironment environment) {
        this.runtime = runtime;
        this.environment = environment;
    }

    /** Starts a background process and describes it. */
    ProcessInfo startBackground(Space space, StartProcessRequest request) {
        ProcessRequest checked = withEnvironment(space, checked(request, true));
        SpaceAgent agent = agent(space, "start a process in");
        try (AgentProcess process = agent.start(checked)) {
            return describe(agent, process.pid());
        }
    }

    /** Starts a foreground process; the caller streams its output and must close it (which ends the process). */
    Foreground startForeground(Space space, StartProcessRequest request) {
        ProcessRequest checked = withEnvironment(space, checked(request, false));
        int timeout = request.timeout() == null ? DEFAULT_FOREGROUND_TIMEOUT : request.timeout();
        return new Foreground(agent(space, "start a process in").start(checked), Duration.ofSeconds(timeout));
    }

    List<ProcessInfo> list(Space space) {
        return agent(space, "list processes of").processes().stream().map(SpaceProcesses::wire).toList();
    }

    ProcessInfo get(Space space, int pid) {
        return describe(agent(space, "look at processes of"), pid);
    }

    AgentProcess attach(Space space, int pid) {
        return agent(space, "attach to a process of").attach(pid);
    }

    void writeStdin(Space space, int pid, String data, boolean close) {
        if (data != null && data.length() > 1024 * 1024) {
            throw ValidationException.of("data", "The field 'data' is limited to 1 MiB per request.");
        }
        SpaceAgent agent = agent(space, "write to a process of");
        if (data != null && !data.isEmpty()) {
            agent.writeStdin(pid, data.getBytes(StandardCharsets.UTF_8));
        }
        if (close) {
            agent.closeStdin(pid);
        }
    }

    void signal(Space space, int pid, String signal) {
        int number = signalNumber(signal);
        agent(space, "signal a process of").signal(pid, number);
    }

    void resize(Space space, int pid, int cols, int rows) {
        Validator validator = new Validator();
        if (cols < 1 || cols > 1000) {
            validator.add("cols", "The field 'cols' must be between 1 and 1000.");
        }
        if (rows < 1 || rows > 500) {
            validator.add("rows", "The field 'rows' must be between 1 and 500.");
        }
        validator.throwIfInvalid();
        agent(space, "resize a terminal of").resize(pid, cols, rows);
    }

    static int signalNumber(String signal) {
        if (signal == null || signal.isBlank()) {
            throw ValidationException.of("signal", "The field 'signal' is required, e.g. TERM or KILL.");
        }
        String name = signal.strip().toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
        if (name.matches("\\d{1,2}")) {
            int number = Integer.parseInt(name);
            if (number >= 1 && number <= 64) {
                return number;
            }
        }
        Integer known = SIGNALS.get(name);
        if (known == null) {
            throw ValidationException.of("signal", "Unknown signal '" + signal + "'; use a name such as TERM, KILL,"
                    + " INT or HUP, or a number from 1 to 64.");
        }
        return known;
    }

    private SpaceAgent agent(Space space, String action) {
        SpaceLifecycle.requireRunning(space, action);
        return runtime.agent(space.id());
    }

    private static ProcessInfo describe(SpaceAgent agent, int pid) {
        return agent.processes().stream().filter(info -> info.pid() == pid).findFirst().map(SpaceProcesses::wire)
                .orElseThrow(() -> new NotFoundException("There is no process " + pid + " in this space."));
    }

    static ProcessInfo wire(dev.warren.runtime.agent.ProcessInfo info) {
        return new ProcessInfo(info.pid(), info.argv(), info.running(), info.exitCode(), info.background(),
                info.tty(), info.main(), info.startedAt() == null ? null : info.startedAt().toString());
    }

    /** Validates every field (all problems reported together) and builds the agent's request. */
    static ProcessRequest checked(StartProcessRequest request, boolean background) {
        Validator validator = new Validator().required("command", request.command())
                .maxLength("command", request.command(), 64 * 1024)
                .maxLength("workdir", request.workdir(), 4096)
                .maxLength("user", request.user(), 256);
        boolean shell = Boolean.TRUE.equals(request.shell());
        List<String> args = request.args() == null ? List.of() : request.args();
        if (shell && !args.isEmpty()) {
            validator.add("args", "The field 'args' cannot be combined with 'shell': true; put the whole command line"
                    + " in 'command'.");
        }
        if (args.size() > 4096 || args.stream().anyMatch(arg -> arg == null || arg.indexOf('\0') >= 0)) {
            validator.add("args", "The field 'args' must hold at most 4096 strings without NUL characters.");
        }
        if (request.command() != null && request.command().indexOf('\0') >= 0) {
            validator.add("command", "The field 'command' cannot contain NUL characters.");
        }
        if (request.workdir() != null && !request.workdir().isEmpty() && !request.workdir().startsWith("/")) {
            validator.add("workdir", "The field 'workdir' must be an absolute path.");
        } else if (request.workdir() != null && isReserved(request.workdir())) {
            validator.add("workdir", "The directory " + RESERVED + " holds warren's agent and cannot be a working"
                    + " directory.");
        }
        if (request.timeout() != null && (request.timeout() < 1 || request.timeout() > MAX_TIMEOUT)) {
            validator.add("timeout", "The field 'timeout' must be between 1 and " + MAX_TIMEOUT + " seconds.");
        }
        if (request.timeout() != null && background) {
            validator.add("timeout", "A background process has no timeout; kill it when it is no longer needed.");
        }
        Map<String, String> env = request.env() == null ? Map.of() : request.env();
        env.forEach((name, value) -> {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*") || value == null || value.indexOf('\0') >= 0) {
                validator.add("env", "Environment variable names must be letters, digits and '_' (not starting "
                        + "with a digit) and values cannot contain NUL characters.");
            }
        });
        ProcessRequest.Tty tty = null;
        if (request.tty() != null) {
            if (request.tty().cols() < 1 || request.tty().cols() > 1000 || request.tty().rows() < 1
                    || request.tty().rows() > 500) {
                validator.add("tty", "The terminal size must be 1..1000 columns by 1..500 rows.");
            } else {
                tty = new ProcessRequest.Tty(request.tty().cols(), request.tty().rows());
            }
        }
        validator.throwIfInvalid();
        List<String> argv = new ArrayList<>();
        if (shell) {
            argv.addAll(List.of("/bin/sh", "-c", request.command()));
        } else {
            argv.add(request.command());
            argv.addAll(args);
        }
        return new ProcessRequest(argv, env, blankToNull(request.workdir()), blankToNull(request.user()), tty,
                background, Boolean.TRUE.equals(request.stdin()));
    }

    private ProcessRequest withEnvironment(Space space, ProcessRequest request) {
        return new ProcessRequest(request.argv(), environment.with(space.id(), request.env()), request.cwd(),
                request.user(), request.tty(), request.background(), request.stdin());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Whether the path is the agent's directory or under it, however it is spelled (/./.warren//run). */
    static boolean isReserved(String path) {
        String normal = java.nio.file.Path.of(path).normalize().toString();
        return normal.equals(RESERVED) || normal.startsWith(RESERVED + "/");
    }
}
