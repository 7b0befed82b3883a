package dev.warren.runtime.agent;

import dev.warren.runtime.agent.Frames.Frame;

import java.util.Arrays;

/** A process seen through one agent connection: events read from it, control frames written to it. */
final class RemoteProcess implements AgentProcess {
    private final FrameChannel channel;
    private final int pid;
    private final boolean tty;
    private volatile boolean stdinOpen;
    private volatile boolean closed;
    private boolean exited;

    RemoteProcess(FrameChannel channel, int pid, boolean tty, boolean stdinOpen) {
        this.channel = channel;
        this.pid = pid;
        this.tty = tty;
        this.stdinOpen = stdinOpen;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public ProcessEvent next() {
        if (exited || closed) {
            return null;
        }
        Frame frame;
        try {
            frame = channel.receive();
        } catch (AgentUnavailableException broken) {
            if (closed) {
                return null;
            }
            throw broken;
        }
        if (frame == null) {
            if (closed) {
                return null;
            }
            throw new AgentUnavailableException("The connection to the agent closed before process " + pid
                    + " exited.");
        }
        return switch (frame.type()) {
            case Frames.OUTPUT -> {
                Frames.Reader reader = frame.reader();
                ProcessEvent.Stream stream = reader.u8() == 2 ? ProcessEvent.Stream.STDERR : ProcessEvent.Stream.STDOUT;
                yield new ProcessEvent.Output(stream, reader.rest());
            }
            case Frames.EXIT -> {
                Frames.Reader reader = frame.reader();
                exited = true;
                yield new ProcessEvent.Exit(reader.i32(), reader.i32());
            }
            case Frames.ERROR -> throw Frames.failure(frame);
            default -> throw new AgentException("The agent sent an unexpected frame of type 0x"
                    + Integer.toHexString(frame.type()) + " for process " + pid + ".");
        };
    }

    @Override
    public void writeStdin(byte[] data) {
        if (!stdinOpen) {
            throw new AgentConflictException("Process " + pid + " has no open stdin (it was started without one, "
                    + "or it was closed).");
        }
        for (int offset = 0; offset < data.length; offset += Frames.CHUNK) {
            int end = Math.min(data.length, offset + Frames.CHUNK);
            channel.send(Frames.IN_DATA, Arrays.copyOfRange(data, offset, end));
        }
    }

    @Override
    public void closeStdin() {
        if (!stdinOpen) {
            throw new AgentConflictException("Process " + pid + " has no open stdin (it was started without one, "
                    + "or it was closed).");
        }
        // a terminal stays open: the agent sends end-of-file through it, and more input may follow
        stdinOpen = tty;
        channel.send(Frames.IN_END, new byte[0]);
    }

    @Override
    public void resize(int cols, int rows) {
        if (!tty) {
            throw new AgentConflictException("Process " + pid + " has no terminal to resize.");
        }
        new ProcessRequest.Tty(cols, rows);
        channel.send(Frames.IN_RESIZE, new Frames.Writer().u16(cols).u16(rows).toByteArray());
    }

    @Override
    public void signal(int signal) {
        channel.send(Frames.IN_SIGNAL, new Frames.Writer().u32(signal).toByteArray());
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }

    @Override
    public String toString() {
        return "AgentProcess[pid=" + pid + (tty ? ", tty" : "") + "]";
    }
}
