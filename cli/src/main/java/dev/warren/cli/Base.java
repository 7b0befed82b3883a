package dev.warren.cli;

import dev.warren.client.Warren;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** What every subcommand shares: the root's client and options, and the output helpers. */
abstract class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    WarrenCommand root() {
        return (WarrenCommand) spec.root().userObject();
    }

    Warren warren() {
        return root().warren();
    }

    boolean json() {
        return root().json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code value} as JSON when {@code --json} is given, else the human form; returns 0. */
    int print(Object value, Runnable human) {
        if (json()) {
            Output.json(out(), value);
        } else {
            human.run();
            out().flush();
        }
        return ExitCodes.OK;
    }

    /** Prints a confirmation sentence, or {@code value} as JSON with {@code --json}. */
    int done(Object value, String sentence) {
        return print(value, () -> out().println(sentence));
    }

    /** Reads all of standard input as UTF-8 text. */
    String readStdin() {
        try {
            return new String(root().stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read standard input: " + error.getMessage(), error);
        }
    }

    /** Reads the first line of standard input (a password), without its line end. */
    String readStdinLine() {
        String all = readStdin();
        int end = all.indexOf('\n');
        String line = end < 0 ? all : all.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
