package dev.warren.runtime.agent;

import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.agent.Frames.Frame;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Talks to one space's agent over its unix socket. Thread-safe: every call opens its own connection, authenticates
 * with the secret and blocks until the agent has answered (there is no timeout: interrupting the calling thread
 * closes the connection and ends the call with an {@link AgentUnavailableException}).
 *
 * <p>Failures are unchecked: {@link AgentNotFoundException} (unknown pid or path), {@link AgentConflictException}
 * (wrong state), {@link AgentDeniedException} (wrong secret, file permissions), {@link AgentUnavailableException}
 * (cannot connect, connection dropped) and {@link AgentException} for the rest, each with the agent's sentence.
 *
 * <p>File operations act as root inside the space unless {@link #withFileUser} names a user.
 */
public final class AgentClient implements SpaceAgent {
    private final Path socket;
    private final byte[] secret;
    private final String fileUser;

    /**
     * @param socket the agent's socket on this host
     * @param secret the bytes of the secret file the agent was started with
     */
    public AgentClient(Path socket, byte[] secret) {
        this(socket, secret.clone(), null);
    }

    private AgentClient(Path socket, byte[] secret, String fileUser) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.secret = secret;
        this.fileUser = fileUser;
    }

    /**
     * A client whose file operations act as {@code user} (a name from the space's {@code /etc/passwd} or
     * {@code uid[:gid]}): permission checks are that user's and new files belong to it.
     */
    public AgentClient withFileUser(String user) {
        return new AgentClient(socket, secret, user);
    }

    /** The agent's version, uptime and running process count. Cheap; used as the readiness probe. */
    @Override
    public AgentHealth health() {
        Frames.Reader reply = call(Frames.HEALTH, new byte[0], Frames.HEALTH_REPLY);
        String version = reply.string();
        Duration uptime = Duration.ofMillis(reply.i64());
        return new AgentHealth(version, uptime, reply.i32());
    }

    /**
     * Starts a process and returns once it runs (its pid known); a command that cannot start (missing program,
     * missing directory, unknown user) fails here with the agent's sentence. The caller reads the events and must
     * close the result; closing a foreground process's connection before it exits kills it.
     */
    @Override
    public AgentProcess start(ProcessRequest request) {
        Frames.Writer payload = new Frames.Writer().strings(request.argv()).map(request.env())
                .optionalString(request.cwd()).optionalString(request.user());
        if (request.tty() == null) {
            payload.u8(0);
        } else {
            payload.u8(1).u16(request.tty().cols()).u16(request.tty().rows());
        }
        payload.u8((request.background() ? 1 : 0) | (request.stdin() ? 2 : 0));
        return open(Frames.START, payload.toByteArray());
    }

    /**
     * Follows a running or recently exited process: the last 64 KiB of each stream first (stdout, then stderr),
     * then live output and the exit. Closing the result never kills the process.
     *
     * @throws AgentNotFoundException when the agent does not know (or no longer remembers) the pid
     */
    @Override
    public AgentProcess attach(int pid) {
        return open(Frames.ATTACH, new Frames.Writer().u32(pid).toByteArray());
    }

    /** Processes the agent manages: running ones and the last 64 that exited, the main command included. */
    @Override
    public List<ProcessInfo> processes() {
        try (FrameChannel channel = request(Frames.PROCESSES, new byte[0])) {
            List<ProcessInfo> processes = new ArrayList<>();
            Frame frame;
            while ((frame = expect(channel, Frames.PROCESS, Frames.END)).type() == Frames.PROCESS) {
                processes.add(Codec.processInfo(frame.reader()));
            }
            return processes;
        }
    }

    /**
     * Sends {@code signal} to the process's group.
     *
     * @throws AgentNotFoundException when the pid is unknown
     * @throws AgentConflictException when the process has already exited
     */
    @Override
    public void signal(int pid, int signal) {
        call(Frames.SIGNAL, new Frames.Writer().u32(pid).u32(signal).toByteArray(), Frames.OK);
    }

    /** Writes to a process's stdin; blocks while the process does not read. Conflict when it has none open. */
    @Override
    public void writeStdin(int pid, byte[] data) {
        int offset = 0;
        do {
            int count = Math.min(Frames.CHUNK, data.length - offset);
            call(Frames.STDIN, new Frames.Writer().u32(pid).u32(count).raw(data, offset, count).toByteArray(),
                    Frames.OK);
            offset += count;
        } while (offset < data.length);
    }

    /** Closes a process's stdin (with a terminal: sends end-of-file). Conflict when it has none open. */
    @Override
    public void closeStdin(int pid) {
        call(Frames.CLOSE_STDIN, new Frames.Writer().u32(pid).toByteArray(), Frames.OK);
    }

    /** Resizes a process's terminal. Conflict when it has none or has exited. */
    @Override
    public void resize(int pid, int cols, int rows) {
        new ProcessRequest.Tty(cols, rows);
        call(Frames.RESIZE, new Frames.Writer().u32(pid).u16(cols).u16(rows).toByteArray(), Frames.OK);
    }

    /** The entry at {@code path}, not following a symbolic link. Not found when it does not exist. */
    @Override
    public FileInfo stat(String path) {
        return Codec.fileInfo(call(Frames.STAT, fileRequest(path).toByteArray(), Frames.FILE));
    }

    /**
     * Entries under the directory {@code path}, {@code depth} levels down (1: its children), depth-first with each
     * directory's entries by name, without following symbolic links (the directory itself may be one).
     */
    @Override
    public List<FileInfo> list(String path, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("A listing needs a depth of at least 1, not " + depth + ".");
        }
        byte[] payload = new Frames.Writer().string(path).u32(depth).optionalString(fileUser).toByteArray();
        try (FrameChannel channel = request(Frames.LIST, payload)) {
            List<FileInfo> entries = new ArrayList<>();
            Frame frame;
            while ((frame = expect(channel, Frames.FILE, Frames.END)).type() == Frames.FILE) {
                entries.add(Codec.fileInfo(frame.reader()));
            }
            return entries;
        }
    }

    /** Creates the directory and its missing parents. Idempotent; conflict when a file is in the way. */
    @Override
    public void makeDirectories(String path) {
        call(Frames.MKDIR, fileRequest(path).toByteArray(), Frames.OK);
    }

    /** Removes a file, a link or a directory with everything in it. Not found when nothing is there. */
    @Override
    public void remove(String path) {
        call(Frames.REMOVE, fileRequest(path).toByteArray(), Frames.OK);
    }

    /** Renames (moves) within the space, replacing a file at {@code to}. */
    @Override
    public void rename(String from, String to) {
        byte[] payload = new Frames.Writer().string(from).string(to).optionalString(fileUser).toByteArray();
        call(Frames.RENAME, payload, Frames.OK);
    }

    /**
     * Copies the file at {@code path} into {@code out} in chunks as they arrive (never whole in memory).
     * A directory is a conflict, a missing file not found; when {@code out} fails, an {@link UncheckedIOException}.
     */
    @Override
    public void read(String path, OutputStream out) {
        try (FrameChannel channel = request(Frames.READ, fileRequest(path).toByteArray())) {
            Frame frame;
            while ((frame = expect(channel, Frames.DATA, Frames.END)).type() == Frames.DATA) {
                try {
                    out.write(frame.payload());
                } catch (IOException e) {
                    throw new UncheckedIOException("Copying " + path + " from the space failed: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Writes {@code content} to {@code path} in chunks as it is read, creating missing parent directories. The agent
     * writes a temporary file beside the target and renames it over the target at the end, so readers never see a
     * partial file and a failed write leaves the old one.
     *
     * @param mode permission bits for the file (e.g. {@code 0644}); negative keeps an existing file's mode, or 0644
     */
    @Override
    public void write(String path, InputStream content, int mode) {
        byte[] payload = new Frames.Writer().string(path).u32(mode < 0 ? Frames.DEFAULT_MODE : mode & 07777)
                .optionalString(fileUser).toByteArray();
        try (FrameChannel channel = request(Frames.WRITE, payload)) {
            expect(channel, Frames.OK);
            byte[] chunk = new byte[Frames.CHUNK];
            try {
                int read;
                while ((read = content.readNBytes(chunk, 0, chunk.length)) > 0) {
                    channel.send(Frames.IN_DATA, Arrays.copyOf(chunk, read));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the content for " + path + " failed: " + e.getMessage(), e);
            } catch (AgentUnavailableException broken) {
                // the agent stops reading when it fails (disk full, permissions): its sentence says why
                Frame answer = channel.receive();
                if (answer != null && answer.type() == Frames.ERROR) {
                    throw Frames.failure(answer);
                }
                throw broken;
            }
            channel.send(Frames.IN_END, new byte[0]);
            expect(channel, Frames.OK);
        }
    }

    /**
     * Creates a symbolic link at {@code linkPath} pointing to {@code target} (stored as given, never resolved),
     * creating missing parent directories. Conflict when something is already at {@code linkPath}.
     */
    @Override
    public void symlink(String target, String linkPath) {
        symlink(target, linkPath, false);
    }

    /**
     * As {@link #symlink(String, String)}; with {@code replace}, a file or link already at {@code linkPath} is
     * replaced atomically (a directory never is: conflict).
     */
    public void symlink(String target, String linkPath, boolean replace) {
        byte[] payload = new Frames.Writer().string(target).string(linkPath).u8(replace ? 1 : 0)
                .optionalString(fileUser).toByteArray();
        call(Frames.SYMLINK, payload, Frames.OK);
    }

    /**
     * Watches {@code path} (and, when {@code recursive}, the directories under it, including ones created later)
     * and calls {@code listener} for each change on a thread of the watch's own, in order. Returns once the watch is
     * in place: a change made after this returns is seen.
     */
    @Override
    public FileWatch watch(String path, boolean recursive, Consumer<FileEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        byte[] payload = new Frames.Writer().string(path).u8(recursive ? 1 : 0).optionalString(fileUser)
                .toByteArray();
        FrameChannel channel = request(Frames.WATCH, payload);
        try {
            expect(channel, Frames.OK);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        return RemoteWatch.start(channel, path, listener);
    }

    private Frames.Writer fileRequest(String path) {
        return new Frames.Writer().string(path).optionalString(fileUser);
    }

    private AgentProcess open(int type, byte[] payload) {
        FrameChannel channel = request(type, payload);
        try {
            Frames.Reader started = expect(channel, Frames.STARTED).reader();
            int pid = started.i32();
            int flags = started.u8();
            return new RemoteProcess(channel, pid, (flags & 1) != 0, (flags & 2) != 0);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** One request, one answer of type {@code expected}. */
    private Frames.Reader call(int type, byte[] payload, int expected) {
        try (FrameChannel channel = request(type, payload)) {
            return expect(channel, expected).reader();
        }
    }

    /** Connects, authenticates and sends the request (hello and request in one write). */
    private FrameChannel request(int type, byte[] payload) {
        if (payload.length > Frames.MAX_PAYLOAD) {
            throw new AgentException("The request is " + payload.length + " bytes, more than the "
                    + Frames.MAX_PAYLOAD + " the agent accepts.");
        }
        FrameChannel channel = FrameChannel.open(socket);
        try {
            byte[] hello = new Frames.Writer().u8(Frames.PROTOCOL_VERSION).bytes(secret).toByteArray();
            channel.send(new Frame(Frames.HELLO, hello), new Frame(type, payload));
            return channel;
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The next frame, which must be one of {@code types}; an error frame becomes its exception. */
    static Frame expect(FrameChannel channel, int... types) {
        Frame frame = channel.receive();
        if (frame == null) {
            throw new AgentUnavailableException("The agent closed the connection before answering.");
        }
        if (frame.type() == Frames.ERROR) {
            throw Frames.failure(frame);
        }
        for (int type : types) {
            if (frame.type() == type) {
                return frame;
            }
        }
        throw new AgentException("The agent answered with an unexpected frame of type 0x"
                + Integer.toHexString(frame.type()) + ".");
    }
}
