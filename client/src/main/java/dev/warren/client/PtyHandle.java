package dev.warren.client;

import java.util.concurrent.CompletableFuture;

/**
 * One terminal session made by {@link PtyApi#create}: send keystrokes, resize, kill, wait for its end. Its id is the
 * shell's process id. Thread-safe.
 */
public final class PtyHandle implements AutoCloseable {
    private final CommandHandle shell;
    private final CompletableFuture<CommandResult> ended = new CompletableFuture<>();

    PtyHandle(CommandHandle shell) {
        this.shell = shell;
        Thread.ofVirtual().name("warren-pty-" + shell.pid()).start(() -> {
            try {
                ended.complete(shell.waitFor());
            } catch (RuntimeException failed) {
                ended.completeExceptionally(failed);
            }
        });
    }

    /** The session id: the shell's process id in the space. */
    public int pid() {
        return shell.pid();
    }

    /** Types {@code input} (e.g. {@code "ls\n"}, or {@code "\u0003"} for Ctrl-C). */
    public void sendInput(String input) {
        shell.sendStdin(input);
    }

    public void resize(int cols, int rows) {
        shell.resize(cols, rows);
    }

    /** Kills the shell and everything it started (SIGKILL to its process group). */
    public void kill() {
        shell.kill();
    }

    /** Blocks until the shell exits; its exit code. */
    public int waitFor() {
        return ended.join().exitCode();
    }

    /** Kills the shell unless it has exited already. */
    @Override
    public void close() {
        if (!ended.isDone()) {
            try {
                kill();
            } catch (WarrenException.Conflict exitedMeanwhile) {
                // it ended on its own between the check and the kill: nothing to do
            }
        }
    }
}
