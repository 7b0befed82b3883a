package dev.warren.cli;

import picocli.CommandLine;

import java.util.List;

/** Entry point of the {@code warren} command (launched by {@code bin/warren}). */
public final class Main {
    private Main() {}

    /**
     * Runs one command and exits with its exit code ({@link ExitCodes}).
     *
     * @param args the command line
     */
    public static void main(String[] args) throws InterruptedException {
        CommandLine line = WarrenCommand.commandLine(System.getenv(), System.in, System.out, System.err,
                List.of(args));
        int code = line.execute(args);
        System.out.flush();
        ((WarrenCommand) line.getCommand()).close();
        System.exit(code);
    }
}
