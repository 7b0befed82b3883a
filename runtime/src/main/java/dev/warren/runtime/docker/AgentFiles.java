package dev.warren.runtime.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The host side of each space's agent: {@code <base>/<space>/run} is mounted into the space at {@code /.warren/run}
 * (the agent's socket lives there, and its secret until the agent has read and unlinked it);
 * {@code <base>/<space>/secret} keeps the secret for the server only, so a restarted server can talk to the agents
 * of spaces that kept running. Thread-safe for different spaces.
 */
final class AgentFiles {
    static final String MOUNT = "/.warren/run";
    static final String BINARY_MOUNT = "/.warren/agent";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path base;

    AgentFiles(Path base) {
        this.base = base.toAbsolutePath();
    }

    /**
     * A fresh run directory and secret for a start; returns the run directory to mount. {@code user} (empty: root)
     * is remembered so that files are read and written as the space's user, also after a server restart.
     */
    Path prepare(String spaceId, String user) {
        Path dir = base.resolve(spaceId);
        Path run = dir.resolve("run");
        try {
            deleteRecursively(run);
            Files.createDirectories(run);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String secret = HexFormat.of().formatHex(randomBytes());
            writePrivate(dir.resolve("secret"), secret);
            writePrivate(run.resolve("secret"), secret);
            writePrivate(dir.resolve("user"), user);
            return run;
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot prepare the agent directory " + run + ": " + error.getMessage(),
                    error);
        }
    }

    /** The file the agent waits for ({@code --hold}) before it starts anything, as the space sees it. */
    static final String RELEASE_MOUNT = MOUNT + "/released";

    /** Lets the space's agent start the space's command: its network rules are in place. */
    void release(String spaceId) {
        Path file = base.resolve(spaceId).resolve("run").resolve("released");
        try {
            Files.write(file, new byte[0]);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot release the space's agent through " + file + ": "
                    + error.getMessage(), error);
        }
    }

    Path socket(String spaceId) {
        return base.resolve(spaceId).resolve("run").resolve("agent.sock");
    }

    /** The secret of the space's current agent, if it was started by this server's data directory. */
    Optional<byte[]> secret(String spaceId) {
        Path file = base.resolve(spaceId).resolve("secret");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** The user files are handled as in the space (empty: root). */
    String fileUser(String spaceId) {
        try {
            Path file = base.resolve(spaceId).resolve("user");
            return Files.isRegularFile(file) ? Files.readString(file).strip() : "";
        } catch (IOException unreadable) {
            return "";
        }
    }

    /** Forgets everything of the space's agent. Idempotent. */
    void forget(String spaceId) {
        try {
            deleteRecursively(base.resolve(spaceId));
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot remove " + base.resolve(spaceId) + ": " + error.getMessage(), error);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }
}
