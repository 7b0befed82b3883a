package dev.warren.runtime.agent;

import dev.warren.runtime.agent.Frames.Frame;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection to the agent, framed. Reading is for one thread at a time; sending is serialised, so control frames
 * from other threads interleave whole. Every failure is an {@link AgentUnavailableException} with a sentence.
 */
final class FrameChannel implements AutoCloseable {
    private static final int HEADER = 5;

    private final SocketChannel channel;
    private final Path socket;
    private final ByteBuffer input = ByteBuffer.allocate(Frames.CHUNK + HEADER).flip();
    private final ReentrantLock sending = new ReentrantLock();

    private FrameChannel(SocketChannel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
    }

    /** Connects and authenticates: the hello frame goes out with the first {@link #send}. */
    static FrameChannel open(Path socket) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new FrameChannel(channel, socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new AgentUnavailableException("Cannot connect to the agent at " + socket + ": " + reason(e), e);
        }
    }

    /** Sends frames in one write. */
    void send(Frame... frames) {
        int size = 0;
        for (Frame frame : frames) {
            size += HEADER + frame.payload().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (Frame frame : frames) {
            buffer.put((byte) frame.type()).putInt(frame.payload().length).put(frame.payload());
        }
        buffer.flip();
        sending.lock();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new AgentUnavailableException("The connection to the agent at " + socket + " broke: "
                    + reason(e), e);
        } finally {
            sending.unlock();
        }
    }

    void send(int type, byte[] payload) {
        send(new Frame(type, payload));
    }

    /** The next frame, or {@code null} when the agent closed the connection between frames. */
    Frame receive() {
        try {
            if (!fill(HEADER, true)) {
                return null;
            }
            int type = input.get() & 0xFF;
            int length = input.getInt();
            if (length < 0 || length > Frames.MAX_PAYLOAD) {
                throw new AgentException("The agent sent a frame of " + Integer.toUnsignedString(length)
                        + " bytes, more than the " + Frames.MAX_PAYLOAD + " the protocol allows.");
            }
            byte[] payload = new byte[length];
            int buffered = Math.min(length, input.remaining());
            input.get(payload, 0, buffered);
            ByteBuffer rest = ByteBuffer.wrap(payload, buffered, length - buffered);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw new AgentUnavailableException("The agent at " + socket + " closed the connection "
                            + "in the middle of a frame.");
                }
            }
            return new Frame(type, payload);
        } catch (IOException e) {
            throw new AgentUnavailableException("The connection to the agent at " + socket + " broke: "
                    + reason(e), e);
        }
    }

    /** Ensures {@code count} bytes are buffered; false on a clean end of stream before the first byte. */
    private boolean fill(int count, boolean endAllowed) throws IOException {
        while (input.remaining() < count) {
            input.compact();
            int read;
            try {
                read = channel.read(input);
            } finally {
                input.flip();
            }
            if (read < 0) {
                if (endAllowed && input.remaining() == 0) {
                    return false;
                }
                throw new AgentUnavailableException("The agent at " + socket + " closed the connection "
                        + "in the middle of a frame.");
            }
        }
        return true;
    }

    /** Closes the connection; a thread blocked in {@link #receive()} gets an {@link AgentUnavailableException}. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a unix socket does not fail in a way worth reporting
            }
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return (message == null ? e.getClass().getSimpleName() : message) + ".";
    }
}
