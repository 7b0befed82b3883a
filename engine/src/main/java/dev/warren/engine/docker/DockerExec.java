package dev.warren.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import dev.warren.engine.EngineException;
import dev.warren.engine.ExecRequest;
import dev.warren.engine.ExecResult;
import dev.warren.engine.InteractiveExec;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands inside containers: to completion with a timeout, or interactively with a terminal. */
final class DockerExec {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DockerExec.class);
    /** How long to wait for the engine to notice a killed or finished exec. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final DockerClient client;
    private final ProcessKiller killer;

    DockerExec(DockerClient client, ProcessKiller killer) {
        this.client = client;
        this.killer = killer;
    }

    ExecResult run(String container, ExecRequest request) {
        String doing = "Running " + request.command().getFirst() + " in container " + container;
        String execId = create(doing, container, request.command(), request.env(), request.workdir(),
                request.user(), false);
        var output = new OutputCollector(request.maxOutputBytes());
        boolean finished;
        try {
            client.execStartCmd(execId).withDetach(false).withTty(false).exec(output);
            finished = output.awaitCompletion(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(execId);
            Thread.currentThread().interrupt();
            throw new EngineException(doing + " was interrupted; the process was killed.", e);
        } catch (RuntimeException e) {
            throw Failures.translate(doing, e);
        }
        if (!finished) {
            if (!kill(execId)) {
                // Only when the engine runs on another host (its pids are not ours) or the process just ended.
                LOG.warn("{} passed its timeout but no process could be killed; it may still run.", doing);
            }
            closeQuietly(output);
        }
        InspectExecResponse ended = awaitEnd(doing, execId);
        Long exit = ended.getExitCodeLong();
        int exitCode = exit == null || Boolean.TRUE.equals(ended.isRunning()) ? -1 : exit.intValue();
        return new ExecResult(exitCode, output.stdout(), output.stderr(), !finished, output.truncated());
    }

    InteractiveExec openInteractive(String container, List<String> command, Map<String, String> env,
                                    int cols, int rows) {
        String doing = "Opening a terminal running " + command.getFirst() + " in container " + container;
        String execId = create(doing, container, command, env, null, null, true);
        var interactive = new DockerInteractiveExec(client, this, execId);
        try {
            interactive.start();
        } catch (RuntimeException e) {
            interactive.close();
            throw Failures.translate(doing, e);
        }
        // The terminal gets its size only once the process runs: Podman refuses (and the API before 1.42 has no
        // ConsoleSize for) a resize before that, and a shell started at 0x0 misreports its size.
        Instant deadline = Instant.now().plus(SETTLE);
        while (!interactive.trySize(cols, rows) && Instant.now().isBefore(deadline)) {
            sleep(10);
        }
        return interactive;
    }

    private String create(String doing, String container, List<String> command, Map<String, String> env,
                          String workdir, String user, boolean tty) {
        var create = client.execCreateCmd(container)
                .withCmd(command.toArray(String[]::new))
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withAttachStdin(tty)
                .withTty(tty);
        if (workdir != null) {
            create.withWorkingDir(workdir);
        }
        if (user != null) {
            create.withUser(user);
        }
        try {
            return create.exec().getId();
        } catch (ConflictException e) {
            throw new EngineException(doing + " failed because the container is not running: "
                    + Failures.engineMessage(e) + ".", e);
        } catch (RuntimeException e) {
            throw Failures.translate(doing, e);
        }
    }

    /**
     * Kills the exec's process tree by its host pid. The pid can be 0 for a moment right after start, so ask
     * again until the deadline; returns whether a process was killed.
     */
    boolean kill(String execId) {
        Instant deadline = Instant.now().plus(SETTLE);
        while (Instant.now().isBefore(deadline)) {
            InspectExecResponse exec = inspect(execId);
            if (exec == null || !Boolean.TRUE.equals(exec.isRunning())) {
                return false;
            }
            Long pid = exec.getPidLong();
            if (pid != null && pid > 0) {
                return killer.killTree(pid);
            }
            sleep(10);
        }
        return false;
    }

    /** The exec's state, or null when the engine no longer knows it. */
    InspectExecResponse inspect(String execId) {
        try {
            return client.inspectExecCmd(execId).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return null;
        }
    }

    /** Waits until the engine reports the exec ended; engines update exec state a little after the stream ends. */
    private InspectExecResponse awaitEnd(String doing, String execId) {
        Instant deadline = Instant.now().plus(SETTLE);
        InspectExecResponse exec;
        int pause = 1;
        do {
            exec = Failures.call("Inspecting exec of " + doing.toLowerCase(), () -> client.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(exec.isRunning())) {
                return exec;
            }
            // A short growing back-off between engine calls; this waits on the engine, not on a fixed delay.
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        } while (Instant.now().isBefore(deadline));
        return exec;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Waiting for the engine was interrupted.", e);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing releases the stream only; the exec itself is handled separately.
        } catch (Exception e) {
            // Same: nothing useful to do.
        }
    }
}
