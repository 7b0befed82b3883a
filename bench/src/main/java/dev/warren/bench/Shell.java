package dev.warren.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Runs the raw baselines (the engine's own CLI) as whole processes, the way a user would. */
public final class Shell {
    private Shell() {}

    /** Runs {@code argv}, returns stdout and stderr together; a non-zero exit is an error naming the command. */
    public static String run(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + output);
        }
        return output;
    }
}
