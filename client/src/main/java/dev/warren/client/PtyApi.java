package dev.warren.client;

import java.util.function.Consumer;

/**
 * Interactive terminals in a space or sandbox: a login shell (bash when the image has it, else sh) on a terminal of
 * the given size. A session's id is its process id, so any client can {@link ProcessesApi#attach(int) attach},
 * resize or kill it by number. Sends a request only in {@link #create}.
 */
public final class PtyApi {
    private static final String LOGIN_SHELL =
            "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi";

    private final ProcessesApi processes;

    PtyApi(ProcessesApi processes) {
        this.processes = processes;
    }

    /**
     * Starts a shell on a terminal and follows it on a virtual thread: everything it prints reaches {@code onData}
     * (in order, on that thread) until it exits.
     *
     * @param cols   columns (1..1000)
     * @param rows   rows (1..1000)
     * @param onData receives the terminal's output as it comes
     * @return the session; close it (or {@link PtyHandle#kill()}) to end the shell
     */
    public PtyHandle create(int cols, int rows, Consumer<String> onData) {
        CommandHandle shell = processes.background("sh", RunOptions.argv("-c", LOGIN_SHELL).withTty(cols, rows)
                .withStdinOpen().onStdout(onData));
        return new PtyHandle(shell);
    }
}
