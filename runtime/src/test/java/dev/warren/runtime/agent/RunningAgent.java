package dev.warren.runtime.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * The agent binary (built by scripts/agent.sh) started on this host as a plain child process, with a socket and a
 * secret file in a temporary directory that is also its working directory; its stdout and stderr go to agent.log.
 */
final class RunningAgent implements AutoCloseable {
    static final Duration READY = Duration.ofSeconds(10);

    final Process process;
    final Path directory;
    final Path socket;
    final Path secretFile;
    final byte[] secret;
    final AgentClient client;

    private RunningAgent(Process process, Path directory, byte[] secret) {
        this.process = process;
        this.directory = directory;
        this.socket = directory.resolve("agent.sock");
        this.secretFile = directory.resolve("secret");
        this.secret = secret;
        this.client = new AgentClient(socket, secret);
    }

    /** The binary: system property or environment variable WARREN_AGENT_BINARY, else ../build/agent/warren-agent. */
    static Path binary() {
        String configured = System.getProperty("WARREN_AGENT_BINARY", System.getenv("WARREN_AGENT_BINARY"));
        Path binary = Path.of(configured != null ? configured : "../build/agent/warren-agent");
        binary = binary.toAbsolutePath().normalize();
        if (!Files.isExecutable(binary)) {
            fail("The agent binary " + binary + " is missing: run scripts/agent.sh (or point WARREN_AGENT_BINARY at "
                    + "a built agent).");
        }
        return binary;
    }

    /** Starts the agent with {@code command} as its main command (none: it serves until SIGTERM). */
    static RunningAgent start(String... command) {
        return start(List.of(), List.of(), command);
    }

    /**
     * @param prefix  what runs the agent (e.g. {@code unshare --fork --pid}), empty for nothing
     * @param options agent options after the socket and secret (e.g. {@code --user})
     */
    static RunningAgent start(List<String> prefix, List<String> options, String... command) {
        try {
            Path directory = Files.createTempDirectory("warren-agent-test-");
            byte[] secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16))
                    .getBytes(StandardCharsets.US_ASCII);
            Files.write(directory.resolve("secret"), secret);
            List<String> line = new ArrayList<>(prefix);
            line.addAll(List.of(binary().toString(), "--socket", directory.resolve("agent.sock").toString(),
                    "--secret-file", directory.resolve("secret").toString()));
            line.addAll(options);
            if (command.length > 0) {
                line.add("--");
                line.addAll(List.of(command));
            }
            ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("agent.log").toFile());
            builder.environment().put("WARREN_AGENT_TEST_MARKER", "must not reach children");
            return new RunningAgent(builder.start(), directory, secret);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the agent: " + e.getMessage(), e);
        }
    }

    /** Polls health until the agent answers. */
    RunningAgent awaitReady() {
        Await.until(READY, "the agent answers on " + socket, () -> {
            if (!process.isAlive()) {
                fail("The agent exited with " + process.exitValue() + ": " + log());
            }
            try {
                client.health();
                return true;
            } catch (AgentUnavailableException notYet) {
                return false;
            }
        });
        return this;
    }

    /** The pid of the agent on this host (the child of {@code unshare} when started under it). */
    long hostPid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.readString(directory.resolve("agent.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    int awaitExit() {
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                fail("The agent did not exit within 15 s: " + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
