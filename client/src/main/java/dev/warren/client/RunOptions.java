package dev.warren.client;

import dev.warren.client.wire.Processes.ProcessEvent;
import dev.warren.client.wire.Processes.TtySize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How {@link ProcessesApi} starts a process. The mode is always explicit and the two exclude each other (the
 * nullspace seed: the SDK never infers shell mode from a plain string, and shell mode cannot be combined with
 * arguments):
 * <ul>
 *   <li>{@link #shell()}: the command is one shell line, run by {@code /bin/sh -c} (pipes, globs, {@code &&});</li>
 *   <li>{@link #argv(String...)}: the command is the program and these are its exact arguments, with no shell
 *       parsing.</li>
 * </ul>
 * Immutable; each {@code with…} and {@code on…} returns a copy:
 * <pre>{@code
 * processes.run("ls -la /tmp | wc -l", RunOptions.shell().withTimeout(Duration.ofSeconds(10)));
 * processes.run("ls", RunOptions.argv("-la", "/tmp").withWorkdir("/").onStdout(System.out::print));
 * }</pre>
 *
 * @param mode      {@link Mode#SHELL} (then {@code args} must be empty) or {@link Mode#ARGV}
 * @param args      the program's arguments (argv mode only)
 * @param env       environment variables added to the template's
 * @param workdir   the working directory; null for the template's
 * @param user      the user to run as; null for the template's
 * @param timeout   kill the process group after this long; null for the server's default (an hour). Foreground
 *                  only: a background process has none. Sent in whole seconds, rounded up (at most a day).
 * @param stdin     text written to the process's standard input once it has started, after which stdin is closed
 *                  (unless {@code stdinOpen}); null for none
 * @param stdinOpen keep standard input open for {@link ProcessesApi#sendStdin(int, String)} (the pid is
 *                  {@link CommandHandle#pid()}, or the {@code start} event's); otherwise stdin is empty
 * @param tty       give the process a terminal of this size (its output then all arrives as stdout); null for pipes
 * @param callbacks what to do with output as it arrives
 */
public record RunOptions(Mode mode, List<String> args, Map<String, String> env, String workdir, String user,
        Duration timeout, String stdin, boolean stdinOpen, TtySize tty, OutputCallbacks callbacks) {

    /** How the command is read. */
    public enum Mode {
        /** The command is one shell line, run by {@code /bin/sh -c}; no separate arguments. */
        SHELL,
        /** The command is the program; the arguments are passed exactly, with no shell parsing. */
        ARGV
    }

    /**
     * Copies the collections; refuses a missing mode, shell mode with arguments and a timeout that is not positive.
     *
     * @throws IllegalArgumentException when the mode is null, shell mode is combined with {@code args}, an
     *                                  argument is null, or the timeout is zero or negative
     */
    public RunOptions {
        if (mode == null) {
            throw new IllegalArgumentException("Choose how to run the command: RunOptions.shell() for a shell line, "
                    + "or RunOptions.argv(...) for a program and its exact arguments.");
        }
        List<String> copied = new ArrayList<>(args == null ? List.of() : args);
        if (copied.contains(null)) {
            throw new IllegalArgumentException("An argument of the command is null; pass empty strings explicitly.");
        }
        if (mode == Mode.SHELL && !copied.isEmpty()) {
            throw new IllegalArgumentException("Shell mode runs the command as one shell line and takes no separate "
                    + "arguments (got " + copied + "): put them in the line, or use RunOptions.argv(...) to pass "
                    + "exact arguments without a shell.");
        }
        args = List.copyOf(copied);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("The timeout must be positive, not " + timeout + ".");
        }
        callbacks = callbacks == null ? OutputCallbacks.none() : callbacks;
    }

    /** Shell mode: the command is one line for {@code /bin/sh -c}; everything else at its default. */
    public static RunOptions shell() {
        return new RunOptions(Mode.SHELL, List.of(), Map.of(), null, null, null, null, false, null, null);
    }

    /**
     * Argv mode: the command is the program, {@code args} its exact arguments (no shell parsing, no globbing).
     *
     * @param args the arguments; none is fine
     * @return options in argv mode
     */
    public static RunOptions argv(String... args) {
        return argv(List.of(args));
    }

    /**
     * @param args the program's exact arguments
     * @return options in argv mode
     */
    public static RunOptions argv(List<String> args) {
        return new RunOptions(Mode.ARGV, args, Map.of(), null, null, null, null, false, null, null);
    }

    /** Whether the command is a shell line ({@link Mode#SHELL}). */
    public boolean isShell() {
        return mode == Mode.SHELL;
    }

    /**
     * @param name  an environment variable's name
     * @param value its value
     * @return a copy that also sets this variable
     */
    public RunOptions withEnv(String name, String value) {
        return withEnv(Map.of(name, value));
    }

    /**
     * @param variables environment variables by name
     * @return a copy that also sets these variables (replacing earlier values of the same names)
     */
    public RunOptions withEnv(Map<String, String> variables) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(variables);
        return new RunOptions(mode, args, merged, workdir, user, timeout, stdin, stdinOpen, tty, callbacks);
    }

    /**
     * @param value the working directory (absolute); null for the template's
     * @return a copy with this working directory
     */
    public RunOptions withWorkdir(String value) {
        return new RunOptions(mode, args, env, value, user, timeout, stdin, stdinOpen, tty, callbacks);
    }

    /**
     * @param value the user to run as (name or uid); null for the template's
     * @return a copy running as this user
     */
    public RunOptions withUser(String value) {
        return new RunOptions(mode, args, env, workdir, value, timeout, stdin, stdinOpen, tty, callbacks);
    }

    /**
     * @param value how long before the process group is killed ({@link CommandResult#timedOut()}); null for the
     *              server's default
     * @return a copy with this timeout
     */
    public RunOptions withTimeout(Duration value) {
        return new RunOptions(mode, args, env, workdir, user, value, stdin, stdinOpen, tty, callbacks);
    }

    /**
     * @param value text to write to standard input once the process has started; stdin is closed after it unless
     *              {@link #withStdinOpen()}
     * @return a copy feeding this text
     */
    public RunOptions withStdin(String value) {
        return new RunOptions(mode, args, env, workdir, user, timeout, value, stdinOpen, tty, callbacks);
    }

    /** A copy whose standard input stays open for {@link ProcessesApi#sendStdin(int, String)} until closed. */
    public RunOptions withStdinOpen() {
        return new RunOptions(mode, args, env, workdir, user, timeout, stdin, true, tty, callbacks);
    }

    /**
     * @param cols the terminal's columns
     * @param rows the terminal's rows
     * @return a copy that runs the process on a terminal of this size
     */
    public RunOptions withTty(int cols, int rows) {
        return new RunOptions(mode, args, env, workdir, user, timeout, stdin, stdinOpen, new TtySize(cols, rows),
                callbacks);
    }

    /**
     * @param value all output callbacks at once
     * @return a copy with these callbacks
     */
    public RunOptions withCallbacks(OutputCallbacks value) {
        return new RunOptions(mode, args, env, workdir, user, timeout, stdin, stdinOpen, tty, value);
    }

    /**
     * @param value receives standard output text as it arrives
     * @return a copy with this callback
     */
    public RunOptions onStdout(Consumer<String> value) {
        return withCallbacks(callbacks.onStdout(value));
    }

    /**
     * @param value receives standard error text as it arrives
     * @return a copy with this callback
     */
    public RunOptions onStderr(Consumer<String> value) {
        return withCallbacks(callbacks.onStderr(value));
    }

    /**
     * @param value receives every event of the stream; the {@code start} event carries the pid
     * @return a copy with this callback
     */
    public RunOptions onEvent(Consumer<ProcessEvent> value) {
        return withCallbacks(callbacks.onEvent(value));
    }
}
