package dev.warren.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Files.FileEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A running watch from {@link FilesApi#watch}: changes reach the listener in order on a daemon thread of the
 * watch's own until {@link #close()} (or until the server ends the watch: the space stopped, access was removed).
 * Thread-safe.
 */
public final class FileWatchHandle implements AutoCloseable {
    private final InputStream body;
    private final BufferedReader lines;
    private final String what;
    private volatile boolean open = true;
    private volatile String endReason;

    private FileWatchHandle(InputStream body, BufferedReader lines, String what) {
        this.body = body;
        this.lines = lines;
        this.what = what;
    }

    /** Starts delivering the lines after {@code ready} (already read) to {@code listener}. */
    static FileWatchHandle start(InputStream body, BufferedReader lines, ObjectMapper json, String what,
            Consumer<FileEvent> listener) {
        FileWatchHandle handle = new FileWatchHandle(body, lines, what);
        Thread thread = new Thread(() -> handle.deliver(json, listener), "warren-watch " + what);
        thread.setDaemon(true);
        thread.start();
        return handle;
    }

    private void deliver(ObjectMapper json, Consumer<FileEvent> listener) {
        try {
            String line;
            while (open && (line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                FileEvent event = json.readValue(line, FileEvent.class);
                if ("error".equals(event.type())) {
                    endReason = event.message();
                    return;
                }
                if (event.isChange()) {
                    listener.accept(event);
                }
            }
            if (open) {
                endReason = "The server closed the watch of " + what + ".";
            }
        } catch (IOException | RuntimeException broken) {
            if (open) {
                endReason = "The watch of " + what + " broke: " + broken.getMessage();
            }
        } finally {
            open = false;
            closeQuietly();
        }
    }

    /** Whether changes still arrive. */
    public boolean isOpen() {
        return open;
    }

    /** Why the watch ended by itself (a sentence), or null while it runs or after {@link #close()}. */
    public String endReason() {
        return endReason;
    }

    /** Stops the watch (the server notices within a few seconds and closes its side). Idempotent. */
    @Override
    public void close() {
        open = false;
        closeQuietly();
    }

    /** Closes the response body itself: closing the reader would wait for the reading thread's lock. */
    private void closeQuietly() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return "FileWatchHandle[" + what + (open ? ", open" : ", closed") + "]";
    }
}
