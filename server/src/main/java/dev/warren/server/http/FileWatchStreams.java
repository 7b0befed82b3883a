package dev.warren.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Files.FileEvent;
import dev.warren.runtime.agent.FileWatch;
import dev.warren.server.spaces.SpaceIo;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

import static dev.warren.server.http.Authenticator.caller;

/**
 * {@code GET /files/watch}: one NDJSON {@link FileEvent} per line, {@code ready} first (the watch is in place), then
 * the changes as the agent reports them, with a {@code keepalive} line every two seconds while nothing else is sent,
 * so a client that went away is noticed and its watch closed. The watch is tracked with the caller (see
 * {@code SpaceSessions}): losing access to the space ends it with an {@code error} line. A slow client slows the
 * agent's watch (the writes block), nothing is queued in the server.
 */
final class FileWatchStreams {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatchStreams.class);
    private static final Duration KEEPALIVE = Duration.ofSeconds(2);
    /** How often the handler looks whether the watch ended meanwhile (revoked, or ended by the agent). */
    private static final Duration POLL = Duration.ofMillis(200);

    private final SpaceIo io;
    private final ObjectMapper mapper;

    FileWatchStreams(SpaceIo io, ObjectMapper mapper) {
        this.io = io;
        this.mapper = mapper;
    }

    void stream(Context ctx) {
        boolean recursive = FileOperationRoutes.flag(ctx, "recursive");
        ctx.status(200).contentType(ProcessStreams.NDJSON);
        ctx.res().setHeader("Cache-Control", "no-store");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        Lines lines = new Lines(ctx);
        FileWatch watch;
        lines.lock.lock(); // events wait until "ready" is out
        try {
            watch = io.watch(caller(ctx), FileOperationRoutes.space(ctx), ctx.queryParam("path"), recursive,
                    event -> lines.send(FileEvent.change(event.kind().name().toLowerCase(Locale.ROOT),
                            event.path()), null));
            lines.watch = watch;
            lines.send(FileEvent.ready(), watch);
        } finally {
            lines.lock.unlock();
        }
        try (watch) {
            long quietSince = System.nanoTime();
            while (watch.isOpen() && !lines.broken) {
                Thread.sleep(POLL);
                if (System.nanoTime() - Math.max(quietSince, lines.lastWrite) >= KEEPALIVE.toNanos()) {
                    lines.send(FileEvent.keepalive(), watch);
                    quietSince = System.nanoTime();
                }
            }
            if (!lines.broken) {
                lines.send(FileEvent.error("The watch ended: access to the space was removed, the space stopped, "
                        + "or its agent ended it (too many changes at once); watch again."), watch);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** The response's lines, written by the handler and the watch's thread under one lock. */
    private final class Lines {
        final ReentrantLock lock = new ReentrantLock();
        private final Context ctx;
        volatile FileWatch watch;
        volatile boolean broken;
        volatile long lastWrite = System.nanoTime();

        Lines(Context ctx) {
            this.ctx = ctx;
        }

        /** Writes one line and flushes; a client that went away closes the watch. */
        void send(FileEvent event, FileWatch owner) {
            lock.lock();
            try {
                if (broken) {
                    return;
                }
                OutputStream out = ctx.res().getOutputStream();
                out.write(mapper.writeValueAsBytes(event));
                out.write('\n');
                out.flush();
                lastWrite = System.nanoTime();
            } catch (IOException | RuntimeException gone) {
                broken = true;
                LOG.debug("A file watch's client went away: {}", gone.toString());
                FileWatch toClose = owner != null ? owner : watch;
                if (toClose != null) {
                    toClose.close();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
