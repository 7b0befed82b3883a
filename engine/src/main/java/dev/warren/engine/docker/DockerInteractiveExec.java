package dev.warren.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.warren.engine.InteractiveExec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An exec with a TTY, wired through two OS pipes: the caller writes into one that docker-java copies to the
 * engine's hijacked connection, and docker-java's frames are written into the other that the caller reads.
 * OS pipes (not {@code PipedInputStream}) because those break when the writing thread ends, and give
 * back-pressure: a slow reader slows the engine connection instead of filling memory.
 */
final class DockerInteractiveExec implements InteractiveExec {
    private final DockerClient client;
    private final DockerExec exec;
    private final String execId;
    private final Pipe input;
    private final Pipe output;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ResultCallback.Adapter<Frame> frames;

    DockerInteractiveExec(DockerClient client, DockerExec exec, String execId) {
        this.client = client;
        this.exec = exec;
        this.execId = execId;
        try {
            this.input = Pipe.open();
            this.output = Pipe.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Opening pipes for a terminal failed.", e);
        }
        this.frames = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                try {
                    if (frame.getPayload() != null) {
                        var buffer = ByteBuffer.wrap(frame.getPayload());
                        while (buffer.hasRemaining()) {
                            output.sink().write(buffer);
                        }
                    }
                } catch (IOException e) {
                    // The reader went away (closed): drop the rest, the process is being ended.
                }
            }

            @Override
            public void onComplete() {
                super.onComplete();
                DockerExec.closeQuietly(output.sink());
            }

            @Override
            public void onError(Throwable throwable) {
                super.onError(throwable);
                DockerExec.closeQuietly(output.sink());
            }
        };
    }

    void start() {
        client.execStartCmd(execId)
                .withDetach(false)
                .withTty(true)
                .withStdIn(new EndOnClose(Channels.newInputStream(input.source())))
                .exec(frames);
    }

    @Override
    public OutputStream stdin() {
        return Channels.newOutputStream(input.sink());
    }

    @Override
    public InputStream output() {
        return Channels.newInputStream(output.source());
    }

    @Override
    public void resize(int cols, int rows) {
        if (cols <= 0 || rows <= 0) {
            throw new IllegalArgumentException("A terminal needs a positive size, not " + cols + "x" + rows + ".");
        }
        // Resizing an ended process fails; there is nothing to resize then.
        trySize(cols, rows);
    }

    /** Whether the engine accepted the size: only once the process runs, which is a moment after start. */
    boolean trySize(int cols, int rows) {
        var state = exec.inspect(execId);
        if (state == null || !Boolean.TRUE.equals(state.isRunning())) {
            return false;
        }
        try {
            client.resizeExecCmd(execId).withSize(rows, cols).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public OptionalInt exitCode() {
        var state = exec.inspect(execId);
        if (state == null || Boolean.TRUE.equals(state.isRunning()) || state.getExitCodeLong() == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(state.getExitCodeLong().intValue());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            exec.kill(execId);
        } catch (RuntimeException e) {
            // The engine may be gone; the streams are released below regardless.
        }
        DockerExec.closeQuietly(input.sink());
        DockerExec.closeQuietly(frames);
        DockerExec.closeQuietly(output.sink());
        DockerExec.closeQuietly(output.source());
        DockerExec.closeQuietly(input.source());
    }

    /**
     * Reads as end-of-input once closed: docker-java copies stdin on its own thread and rethrows any failure
     * there as an uncaught exception, so closing under it must look like a normal end instead.
     */
    private static final class EndOnClose extends java.io.FilterInputStream {
        EndOnClose(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (java.nio.channels.ClosedChannelException e) {
                return -1;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (java.nio.channels.ClosedChannelException e) {
                return -1;
            }
        }
    }
}
