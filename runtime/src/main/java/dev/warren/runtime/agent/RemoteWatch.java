package dev.warren.runtime.agent;

import dev.warren.runtime.agent.Frames.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/** A watch's connection and the virtual thread that hands its events to the listener. */
final class RemoteWatch implements FileWatch {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWatch.class);

    private final FrameChannel channel;
    private final String path;
    private volatile boolean open = true;

    private RemoteWatch(FrameChannel channel, String path) {
        this.channel = channel;
        this.path = path;
    }

    static RemoteWatch start(FrameChannel channel, String path, Consumer<FileEvent> listener) {
        RemoteWatch watch = new RemoteWatch(channel, path);
        Thread.ofVirtual().name("agent-watch " + path).start(() -> watch.deliver(listener));
        return watch;
    }

    private void deliver(Consumer<FileEvent> listener) {
        try {
            Frame frame;
            while (open && (frame = channel.receive()) != null) {
                if (frame.type() == Frames.ERROR) {
                    throw Frames.failure(frame);
                }
                if (frame.type() != Frames.EVENT) {
                    throw new AgentException("The agent sent an unexpected frame of type 0x"
                            + Integer.toHexString(frame.type()) + " on the watch of " + path + ".");
                }
                FileEvent event = Codec.fileEvent(frame.reader());
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("A listener of the watch of {} failed on {}; the watch goes on", path, event, e);
                }
            }
        } catch (AgentException e) {
            if (open) {
                LOG.warn("The watch of {} ended: {}", path, e.getMessage());
            }
        } finally {
            open = false;
            channel.close();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        channel.close();
    }
}
