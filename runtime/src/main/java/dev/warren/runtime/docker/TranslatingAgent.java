package dev.warren.runtime.docker;

import dev.warren.core.ConflictException;
import dev.warren.core.EngineFailureException;
import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.agent.AgentConflictException;
import dev.warren.runtime.agent.AgentDeniedException;
import dev.warren.runtime.agent.AgentException;
import dev.warren.runtime.agent.AgentHealth;
import dev.warren.runtime.agent.AgentNotFoundException;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.AgentUnavailableException;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.runtime.agent.ProcessInfo;
import dev.warren.runtime.agent.ProcessRequest;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's failures in the core's words, in one place: unknown pid or path → 404, wrong process state → 409,
 * a request the space refuses → 400 naming the field, a file operation the space's file system denies (permissions,
 * a read-only mount) → 403, an agent that does not answer → 503.
 */
final class TranslatingAgent implements SpaceAgent {
    private final SpaceAgent agent;

    TranslatingAgent(SpaceAgent agent) {
        this.agent = agent;
    }

    @Override
    public AgentHealth health() {
        return translate("request", agent::health);
    }

    @Override
    public AgentProcess start(ProcessRequest request) {
        return translate("command", () -> agent.start(request));
    }

    @Override
    public AgentProcess attach(int pid) {
        return translate("pid", () -> agent.attach(pid));
    }

    @Override
    public List<ProcessInfo> processes() {
        return translate("request", agent::processes);
    }

    @Override
    public void signal(int pid, int signal) {
        run("signal", () -> agent.signal(pid, signal));
    }

    @Override
    public void writeStdin(int pid, byte[] data) {
        run("stdin", () -> agent.writeStdin(pid, data));
    }

    @Override
    public void closeStdin(int pid) {
        run("stdin", () -> agent.closeStdin(pid));
    }

    @Override
    public void resize(int pid, int cols, int rows) {
        run("size", () -> agent.resize(pid, cols, rows));
    }

    @Override
    public FileInfo stat(String path) {
        return translate("path", () -> agent.stat(path));
    }

    @Override
    public List<FileInfo> list(String path, int depth) {
        return translate("path", () -> agent.list(path, depth));
    }

    @Override
    public void makeDirectories(String path) {
        run("path", () -> agent.makeDirectories(path));
    }

    @Override
    public void remove(String path) {
        run("path", () -> agent.remove(path));
    }

    @Override
    public void rename(String from, String to) {
        run("path", () -> agent.rename(from, to));
    }

    @Override
    public void symlink(String target, String linkPath) {
        run("path", () -> agent.symlink(target, linkPath));
    }

    @Override
    public void read(String path, OutputStream out) {
        try {
            run("path", () -> agent.read(path, out));
        } catch (ConflictException directory) {
            throw ValidationException.of("path", directory.getMessage()); // not a file: a bad path, as before
        }
    }

    @Override
    public void write(String path, InputStream content, int mode) {
        run("path", () -> agent.write(path, content, mode));
    }

    @Override
    public FileWatch watch(String path, boolean recursive, Consumer<FileEvent> listener) {
        return translate("path", () -> agent.watch(path, recursive, listener));
    }

    private static void run(String field, Runnable call) {
        translate(field, () -> {
            call.run();
            return null;
        });
    }

    /** The agent refused the connection itself (its secret), which is ours to fix, not the caller's. */
    private static boolean isHandshake(AgentDeniedException denied) {
        String message = String.valueOf(denied.getMessage());
        return message.startsWith("The secret") || message.startsWith("The first frame");
    }

    static <T> T translate(String field, Supplier<T> call) {
        try {
            return call.get();
        } catch (AgentNotFoundException missing) {
            throw new NotFoundException(missing.getMessage());
        } catch (AgentConflictException conflict) {
            throw new ConflictException(conflict.getMessage());
        } catch (AgentDeniedException denied) {
            if ("path".equals(field) && !isHandshake(denied)) {
                // The file system said no (permissions, a read-only mount): the caller's request, not a failure.
                throw new ForbiddenException("The space does not allow this: " + denied.getMessage() + ".");
            }
            throw new EngineFailureException("The space's agent does not answer: " + denied.getMessage(), denied);
        } catch (AgentUnavailableException down) {
            // The detail (a host path) goes to the log with the cause, not to the caller.
            throw new EngineFailureException("The space's agent does not answer (the space may be out of processes"
                    + " or memory); try again, or restart the space.", down);
        } catch (AgentException refused) {
            throw ValidationException.of(field, refused.getMessage());
        }
    }
}
