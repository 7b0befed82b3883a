package dev.warren.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;

/**
 * A process running inside a container with a terminal, e.g. behind the web terminal.
 * Reading and writing may happen on different threads; {@link #close()} may be called from any thread.
 */
public interface InteractiveExec extends AutoCloseable {
    /** Bytes typed into the terminal; closing it sends end-of-file. */
    OutputStream stdin();

    /** What the terminal shows (stdout and stderr merged by the TTY); ends when the process ends or on close. */
    InputStream output();

    /** Tells the terminal its new size. Blocking; fails quietly once the process has ended. */
    void resize(int cols, int rows);

    /** The exit code once the process has ended; empty while it runs. Blocking (asks the engine). */
    OptionalInt exitCode();

    /** Kills the process if it still runs and releases the connection. Idempotent. */
    @Override
    void close();
}
