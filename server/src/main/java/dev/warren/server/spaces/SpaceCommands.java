package dev.warren.server.spaces;

import dev.warren.client.wire.Spaces.RunRequest;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Spaces.RunScriptRequest;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.Script;
import dev.warren.core.model.Space;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.core.rules.Validator;
import dev.warren.runtime.CollectedOutput;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.ProcessRequest;
import dev.warren.store.ScriptStore;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The knot.space table's commands in running spaces, through the space's agent: run, run_script and the
 * terminal's shell. Blocking; thread-safe.
 */
public final class SpaceCommands {
    static final long MAX_OUTPUT = 16L * 1024 * 1024;

    private final SpaceRuntime runtime;
    private final ScriptStore scripts;
    private final ProcessEnvironment environment;

    public SpaceCommands(SpaceRuntime runtime, ScriptStore scripts) {
        this(runtime, scripts, ProcessEnvironment.NONE);
    }

    /** @param environment what every process of a space gets on top of its container's environment */
    public SpaceCommands(SpaceRuntime runtime, ScriptStore scripts, ProcessEnvironment environment) {
        this.runtime = runtime;
        this.scripts = scripts;
        this.environment = environment;
    }

    /**
     * Runs {@code command} with {@code args} (argv, no shell). A command with spaces and no args runs through
     * {@code sh -c}, so "ls -la /tmp" works as people type it (the knot.space table's rule; the processes API
     * makes the shell explicit instead).
     */
    RunResult run(Space space, RunRequest request) {
        Validator validator = new Validator().required("command", request.command())
                .maxLength("command", request.command(), 64 * 1024)
                .maxLength("workdir", request.workdir(), 4096);
        int timeout = timeout(validator, request.timeout());
        if (request.workdir() != null && !request.workdir().isEmpty() && !request.workdir().startsWith("/")) {
            validator.add("workdir", "The field 'workdir' must be an absolute path.");
        }
        noNul(validator, request.command(), request.args(), request.workdir());
        validator.throwIfInvalid();
        SpaceLifecycle.requireRunning(space, "run a command in");
        List<String> argv = new ArrayList<>();
        List<String> args = request.args() == null ? List.of() : request.args();
        if (args.isEmpty() && request.command().strip().contains(" ")) {
            argv.addAll(List.of("/bin/sh", "-c", request.command()));
        } else {
            argv.add(request.command());
            argv.addAll(args);
        }
        return run(space, argv, request.workdir(), timeout);
    }

    /** Copies the stored script into the space, runs it with {@code args}, removes it. */
    RunResult runScript(Space space, String scriptName, RunScriptRequest request) {
        Validator validator = new Validator();
        int timeout = timeout(validator, request.timeout());
        noNul(validator, null, request.args(), null);
        validator.throwIfInvalid();
        Script script = scripts.findByName(scriptName).or(() -> scripts.findById(scriptName))
                .orElseThrow(() -> new NotFoundException("No script named '" + scriptName + "' was found."));
        SpaceLifecycle.requireRunning(space, "run a script in");
        String path = "/tmp/.warren-script-" + UUID.randomUUID();
        byte[] content = script.content().getBytes(StandardCharsets.UTF_8);
        runtime.agent(space.id()).write(path, new ByteArrayInputStream(content), 0700);
        // Executed directly, so a shebang line picks the interpreter; without one, sh runs it as a shell script.
        List<String> argv = new ArrayList<>();
        argv.addAll(List.of("/bin/sh", "-c", "f=\"$1\"; shift; \"$f\" \"$@\"; s=$?; rm -f \"$f\"; exit $s", "sh",
                path));
        argv.addAll(request.args() == null ? List.of() : request.args());
        return run(space, argv, null, timeout);
    }

    /** The space's shell with a terminal; the caller reads its output and must close it (which ends the shell). */
    AgentProcess openTerminal(Space space, int cols, int rows) {
        SpaceLifecycle.requireRunning(space, "open a terminal in");
        return runtime.agent(space.id()).start(new ProcessRequest(
                SpaceSpecs.shellCommand(space.shell().command()),
                environment.with(space.id(), Map.of("TERM", "xterm-256color")), null, null,
                new ProcessRequest.Tty(Math.max(10, Math.min(cols, 1000)), Math.max(5, Math.min(rows, 500))),
                false, true));
    }

    private RunResult run(Space space, List<String> argv, String workdir, int timeoutSeconds) {
        SpaceAgent agent = runtime.agent(space.id());
        AgentProcess process = agent.start(new ProcessRequest(argv, environment.of(space.id()),
                workdir == null || workdir.isEmpty() ? null : workdir, null, null, false, false));
        CollectedOutput result = CollectedOutput.collect(process, MAX_OUTPUT, Duration.ofSeconds(timeoutSeconds));
        String stdout = result.stdoutText();
        String stderr = result.stderrText();
        return new RunResult(stdout + stderr, stdout, stderr, result.exitCode(), result.timedOut(),
                result.truncated());
    }

    /** A process receives C strings: a NUL would cut an argument short (or fail deep in the agent). */
    private static void noNul(Validator validator, String command, List<String> args, String workdir) {
        if (command != null && command.indexOf('\0') >= 0) {
            validator.add("command", "The field 'command' cannot contain NUL characters.");
        }
        if (args != null && (args.size() > 4096 || args.stream().anyMatch(arg -> arg == null || arg.indexOf('\0') >= 0))) {
            validator.add("args", "The field 'args' must hold at most 4096 strings without NUL characters.");
        }
        if (workdir != null && workdir.indexOf('\0') >= 0) {
            validator.add("workdir", "The field 'workdir' cannot contain NUL characters.");
        }
    }

        private static int timeout(Validator validator, Integer timeout) {
        if (timeout == null) {
            return 30;
        }
        if (timeout < 1 || timeout > 3600) {
            validator.add("timeout", "The field 'timeout' must be between 1 and 3600 seconds.");
        }
        return timeout;
    }
}
