package dev.warren.server.spaces;

import dev.warren.core.NotFoundException;
import dev.warren.core.model.Space;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.runtime.SpaceRuntime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * read_file and write_file through the space's agent, streamed both ways: a file is never held whole in memory, and
 * a body of unknown length needs no spooling (the agent writes to a temporary file and renames it). Blocking;
 * thread-safe.
 */
public final class SpaceFiles {
    private final SpaceRuntime runtime;

    public SpaceFiles(SpaceRuntime runtime) {
        this.runtime = runtime;
    }

    /** Streams the file to {@code out}; a missing file fails before the first byte is written. */
    void read(Space space, String path, OutputStream out) {
        SpaceLifecycle.requireRunning(space, "read a file in");
        try {
            runtime.agent(space.id()).read(path, out);
        } catch (NotFoundException missing) {
            throw new NotFoundException("No file '" + path + "' in space '" + space.name() + "'.");
        }
    }

    /** Replaces (or creates, with its parent directories) the file with {@code content}. */
    void write(Space space, String path, InputStream content, int mode) {
        SpaceLifecycle.requireRunning(space, "write a file in");
        runtime.agent(space.id()).write(path, content, mode);
    }
}
