package dev.warren.runtime.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to start in the space.
 *
 * @param argv       the program and its arguments; the program is searched in {@code PATH} when it has no slash
 * @param env        variables added to (or replacing) the environment the agent passes on
 * @param cwd        the working directory, or {@code null} for the space's working directory
 * @param user       a user name from the space's {@code /etc/passwd}, or {@code uid[:gid]}; {@code null} for the
 *                   space's default user
 * @param tty        a terminal of this size, or {@code null} for separate stdout and stderr pipes
 * @param background whether the process survives the connection that started it
 * @param stdin      whether stdin stays open for writes; otherwise it reads {@code /dev/null} (a terminal always
 *                   takes input)
 */
public record ProcessRequest(List<String> argv, Map<String, String> env, String cwd, String user, Tty tty,
        boolean background, boolean stdin) {

    public ProcessRequest {
        argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("A process needs a command: argv is empty.");
        }
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A foreground process without terminal or stdin, in the default directory, as the default user. */
    public static ProcessRequest of(String... argv) {
        return new ProcessRequest(List.of(argv), Map.of(), null, null, null, false, false);
    }

    /**
     * A terminal size in character cells.
     */
    public record Tty(int cols, int rows) {
        public Tty {
            if (cols < 1 || cols > 65535 || rows < 1 || rows > 65535) {
                throw new IllegalArgumentException(
                        "A terminal needs 1 to 65535 columns and rows, not " + cols + "x" + rows + ".");
            }
        }
    }
}
