package dev.warren.runtime.docker;

import dev.warren.core.EngineFailureException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.WrongStateException;
import dev.warren.engine.Engine;
import dev.warren.engine.EngineException;
import dev.warren.engine.ExecRequest;
import dev.warren.engine.ExecResult;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.agent.AgentHealth;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.FileEvent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.runtime.agent.ProcessEvent;
import dev.warren.runtime.agent.ProcessInfo;
import dev.warren.runtime.agent.ProcessRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data plane of a space started by a warren without the in-space agent (before an upgrade): commands run through
 * the engine's exec, buffered (output arrives when the command ends), files through the engine's archive API.
 * Background processes, stdin, signals, terminals sizes and the file API need the agent: they are refused with a
 * sentence saying that a restart brings it. Thread-safe.
 */
final class ExecFallbackAgent implements SpaceAgent {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private final Engine engine;
    private final String container;

    ExecFallbackAgent(Engine engine, String container) {
        this.engine = engine;
        this.container = container;
    }

    private static WrongStateException needsAgent(String what) {
        return new WrongStateException(what + " needs the in-space agent, which this space does not have yet: it was"
                + " started by an older warren. Restart the space to get it.");
    }

    @Override
    public AgentHealth health() {
        return new AgentHealth("engine exec (no agent)", Duration.ZERO, 0);
    }

    @Override
    public AgentProcess start(ProcessRequest request) {
        if (request.background() || request.stdin() || request.tty() != null) {
            throw needsAgent("A background process, stdin or a terminal");
        }
        ExecResult result;
        try {
            result = engine.exec(container, new ExecRequest(request.argv(), request.env(), request.cwd(),
                    request.user(), LIMIT, ExecRequest.DEFAULT_MAX_OUTPUT_BYTES));
        } catch (EngineException failed) {
            throw new EngineFailureException("Could not run the command: " + failed.getMessage(), failed);
        }
        Deque<ProcessEvent> events = new ArrayDeque<>();
        events.add(new ProcessEvent.Output(ProcessEvent.Stream.STDOUT, result.stdout()));
        events.add(new ProcessEvent.Output(ProcessEvent.Stream.STDERR, result.stderr()));
        events.add(new ProcessEvent.Exit(result.exitCode(), 0));
        return new Finished(events);
    }

    @Override
    public AgentProcess attach(int pid) {
        throw needsAgent("Attaching to a process");
    }

    @Override
    public List<ProcessInfo> processes() {
        throw needsAgent("Listing processes");
    }

    @Override
    public void signal(int pid, int signal) {
        throw needsAgent("Signalling a process");
    }

    @Override
    public void writeStdin(int pid, byte[] data) {
        throw needsAgent("Writing to a process");
    }

    @Override
    public void closeStdin(int pid) {
        throw needsAgent("Writing to a process");
    }

    @Override
    public void resize(int pid, int cols, int rows) {
        throw needsAgent("A terminal");
    }

    @Override
    public FileInfo stat(String path) {
        throw needsAgent("The file API");
    }

    @Override
    public List<FileInfo> list(String path, int depth) {
        throw needsAgent("The file API");
    }

    @Override
    public void makeDirectories(String path) {
        throw needsAgent("The file API");
    }

    @Override
    public void remove(String path) {
        throw needsAgent("The file API");
    }

    @Override
    public void rename(String from, String to) {
        throw needsAgent("The file API");
    }

    /** Through {@code ln -s} in the space (a shell: busybox or coreutils); refuses a path already taken. */
    @Override
    public void symlink(String target, String linkPath) {
        String script = "if [ -e \"$2\" ] || [ -L \"$2\" ]; then exit 3; fi; "
                + "mkdir -p -- \"$(dirname -- \"$2\")\" && ln -s -- \"$1\" \"$2\"";
        ExecResult result;
        try {
            result = engine.exec(container, new ExecRequest(List.of("sh", "-c", script, "sh", target, linkPath),
                    java.util.Map.of(), null, null, Duration.ofMinutes(1), 64 * 1024));
        } catch (EngineException failed) {
            throw new EngineFailureException("Could not create the link: " + failed.getMessage(), failed);
        }
        if (result.exitCode() == 3) {
            throw new dev.warren.core.ConflictException("Something is already at '" + linkPath + "'.");
        }
        if (result.exitCode() != 0) {
            throw ValidationException.of("path", "Cannot create the link '" + linkPath + "': "
                    + new String(result.stderr(), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public void read(String path, OutputStream out) {
        try {
            engine.readFile(container, path, out);
        } catch (dev.warren.engine.NotFoundException missing) {
            throw new NotFoundException("No such file: '" + path + "'.");
        } catch (EngineException failed) {
            throw ValidationException.of("path", "Cannot read '" + path + "': " + failed.getMessage());
        }
    }

    /** The engine's archive upload needs the size first: the content is spooled to a temporary file. */
    @Override
    public void write(String path, InputStream content, int mode) {
        Path spool = null;
        try {
            spool = Files.createTempFile("warren-upload-", ".bin");
            Files.copy(content, spool, StandardCopyOption.REPLACE_EXISTING);
            try (InputStream spooled = Files.newInputStream(spool)) {
                engine.writeFile(container, path, spooled, Files.size(spool), mode < 0 ? 0644 : mode);
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } catch (EngineException failed) {
            throw new EngineFailureException("Writing '" + path + "' failed: " + failed.getMessage(), failed);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a temporary file left in /tmp
                }
            }
        }
    }

    @Override
    public FileWatch watch(String path, boolean recursive, Consumer<FileEvent> listener) {
        throw needsAgent("Watching files");
    }

    /** A command that has already ended: its output and exit, in order. */
    private static final class Finished implements AgentProcess {
        private final Deque<ProcessEvent> events;

        Finished(Deque<ProcessEvent> events) {
            this.events = events;
        }

        @Override
        public int pid() {
            return 0;
        }

        @Override
        public synchronized ProcessEvent next() {
            return events.poll();
        }

        @Override
        public void writeStdin(byte[] data) {
            throw needsAgent("Writing to a process");
        }

        @Override
        public void closeStdin() {
            throw needsAgent("Writing to a process");
        }

        @Override
        public void resize(int cols, int rows) {
            throw needsAgent("A terminal");
        }

        @Override
        public void signal(int signal) {
            // it has already ended: nothing to signal, as for an agent process that exited
        }

        @Override
        public void close() {
            // nothing is open
        }
    }
}
