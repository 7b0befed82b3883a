package dev.warren.cli;

import java.util.List;

/** Entry point of the {@code warren} command (launched by {@code bin/warren}). */
public final class Main {
    private Main() {}

    /**
     * Runs one command and exits with its exit code ({@link ExitCodes}).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int code = WarrenCommand.commandLine(System.getenv(), System.in, System.out, System.err, List.of(args))
                .execute(args);
        System.out.flush();
        System.exit(code);
    }
}
