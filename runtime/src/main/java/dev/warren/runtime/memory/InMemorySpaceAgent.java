package dev.warren.runtime.memory;

import dev.warren.core.EngineFailureException;
import dev.warren.core.NotFoundException;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The data plane of one in-memory space: its files and its (built-in) processes. Thread-safe. */
final class InMemorySpaceAgent implements SpaceAgent {
    private static final int SIGKILL = 9;

    private final MemoryFileSystem files;
    private final Map<String, String> environment;
    private final String workdir;
    private final String hostname;
    private final Clock clock;
    private final Instant started;
    private final Map<Integer, MemoryProcess> processes = new ConcurrentHashMap<>();
    private final AtomicInteger nextPid = new AtomicInteger(2);

    InMemorySpaceAgent(MemoryFileSystem files, Map<String, String> environment, String workdir, String hostname,
            List<String> mainCommand, Clock clock) {
        this.files = files;
        this.environment = Map.copyOf(environment);
        this.workdir = workdir.isBlank() ? "/" : workdir;
        this.hostname = hostname;
        this.clock = clock;
        this.started = clock.instant();
        if (!mainCommand.isEmpty()) {
            processes.put(1, new MemoryProcess(1, mainCommand, true, false, true, false, started));
        }
    }

    /** Ends every process, as a stop does. */
    void stopAll() {
        processes.values().stream().filter(MemoryProcess::running).forEach(p -> p.signal(SIGKILL));
    }

    @Override
    public AgentHealth health() {
        return new AgentHealth("memory", Duration.between(started, clock.instant()), processes.size());
    }

    @Override
    public AgentProcess start(ProcessRequest request) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(request.env());
        List<String> argv = MemoryCommands.resolve(request.argv(), env);
        String cwd = request.cwd() == null ? workdir : request.cwd();
        if (!files.stat(cwd).type().equals(dev.warren.runtime.agent.FileType.DIRECTORY)) {
            throw dev.warren.core.ValidationException.of("workdir", "'" + cwd + "' is not a directory.");
        }
        MemoryProcess process = new MemoryProcess(nextPid.getAndIncrement(), request.argv(), request.background(),
                request.tty() != null, false, request.stdin(), clock.instant());
        processes.put(process.pid(), process);
        View view = new View(process, !request.background());
        MemoryCommands.Context context = new MemoryCommands.Context(files, env, cwd, hostname);
        Thread.ofVirtual().name("memory-process-" + process.pid()).start(() -> {
            try {
                MemoryCommands.run(argv, process, context);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException failed) {
                process.err(failed.getMessage() + "\n");
                process.exit(1);
            }
        });
        return view;
    }

    @Override
    public AgentProcess attach(int pid) {
        return new View(process(pid), false);
    }

    @Override
    public List<ProcessInfo> processes() {
        return processes.values().stream().map(MemoryProcess::info).toList();
    }

    @Override
    public void signal(int pid, int signal) {
        process(pid).signal(signal);
    }

    @Override
    public void writeStdin(int pid, byte[] data) {
        process(pid).writeStdin(data);
    }

    @Override
    public void closeStdin(int pid) {
        process(pid).closeStdin();
    }

    @Override
    public void resize(int pid, int cols, int rows) {
        process(pid).resize();
    }

    @Override
    public FileInfo stat(String path) {
        return files.stat(path);
    }

    @Override
    public List<FileInfo> list(String path, int depth) {
        return files.list(path, depth);
    }

    @Override
    public void makeDirectories(String path) {
        files.makeDirectories(path);
    }

    @Override
    public void remove(String path) {
        files.remove(path);
    }

    @Override
    public void rename(String from, String to) {
        files.rename(from, to);
    }

    @Override
    public void symlink(String target, String linkPath) {
        files.symlink(target, linkPath);
    }

    @Override
    public void read(String path, OutputStream out) {
        byte[] content = files.read(path);
        try {
            out.write(content);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }

    @Override
    public void write(String path, InputStream content, int mode) {
        try {
            files.write(path, content.readAllBytes(), mode);
        } catch (IOException error) {
            throw new EngineFailureException("Reading the upload failed: " + error.getMessage(), error);
        }
    }

    @Override
    public FileWatch watch(String path, boolean recursive, Consumer<FileEvent> listener) {
        AtomicBoolean open = new AtomicBoolean(true);
        Runnable stop = files.watch(path, recursive, event -> {
            if (open.get()) {
                listener.accept(event);
            }
        });
        return new FileWatch() {
            @Override
            public boolean isOpen() {
                return open.get();
            }

            @Override
            public void close() {
                open.set(false);
                stop.run();
            }
        };
    }

    private MemoryProcess process(int pid) {
        MemoryProcess process = processes.get(pid);
        if (process == null) {
            throw new NotFoundException("There is no process " + pid + " in this space.");
        }
        return process;
    }

    /** One connection's view of a process; closing a foreground view kills it, as the agent does. */
    private static final class View implements AgentProcess {
        private final MemoryProcess process;
        private final boolean killOnClose;
        private final BlockingQueue<ProcessEvent> events;
        private boolean done;

        View(MemoryProcess process, boolean killOnClose) {
            this.process = process;
            this.killOnClose = killOnClose;
            this.events = process.listen();
        }

        @Override
        public int pid() {
            return process.pid();
        }

        @Override
        public ProcessEvent next() throws IOException {
            if (done) {
                return null;
            }
            try {
                ProcessEvent event = events.take();
                done = event instanceof ProcessEvent.Exit;
                return event;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the process.", interrupted);
            }
        }

        @Override
        public void writeStdin(byte[] data) {
            process.writeStdin(data);
        }

        @Override
        public void closeStdin() {
            process.closeStdin();
        }

        @Override
        public void resize(int cols, int rows) {
            process.resize();
        }

        @Override
        public void signal(int signal) {
            if (process.running()) {
                process.signal(signal);
            }
        }

        @Override
        public void close() {
            process.forget(events);
            if (killOnClose && process.running()) {
                try {
                    process.signal(SIGKILL);
                } catch (RuntimeException exitedMeanwhile) {
                    // nothing to kill
                }
            }
            done = true;
        }
    }
}
