package dev.warren.server.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code warren backup <dir>}: a consistent copy of a live SQLite store ({@code VACUUM INTO} reads one snapshot while
 * the server keeps writing, thanks to WAL) plus the files that give the store its meaning: the key file that decrypts
 * secrets at rest and each running space's agent secret (so a restored server talks to the spaces it adopts). The
 * result is a data directory: restore by pointing {@code WARREN_DATA_DIR} at (a copy of) it. A PostgreSQL store is
 * backed up with {@code pg_dump} instead (docs/OPERATIONS.md).
 */
public final class Backup {
    private static final List<String> AGENT_FILES = List.of("secret", "user");

    /** What a backup wrote. */
    public record Result(Path directory, long storeBytes, int agentSecrets, boolean keyFile) {}

    private Backup() {}

    /**
     * @param databaseUrl the live store's JDBC URL (SQLite only)
     * @param dataDir     the live data directory (key file, agents)
     * @param target      a directory that does not exist yet or is empty
     */
    public static Result run(String databaseUrl, Path dataDir, Path target) {
        if (!databaseUrl.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("This store is not SQLite (" + databaseUrl.replaceAll("password=[^&]*",
                    "password=…") + "): back it up with pg_dump (see docs/OPERATIONS.md).");
        }
        try {
            prepare(target);
            Path store = target.resolve("warren.db");
            try (Connection connection = DriverManager.getConnection(databaseUrl);
                    Statement statement = connection.createStatement()) {
                statement.execute("VACUUM INTO '" + store.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
            boolean key = copyIfPresent(dataDir.resolve("secret.key"), target.resolve("secret.key"));
            int agents = copyAgentSecrets(dataDir.resolve("agents"), target.resolve("agents"));
            return new Result(target, Files.size(store), agents, key);
        } catch (SQLException failed) {
            throw new IllegalStateException("The store could not be copied: " + failed.getMessage(), failed);
        } catch (IOException failed) {
            throw new UncheckedIOException("The backup could not be written to " + target + ": "
                    + failed.getMessage(), failed);
        }
    }

    private static void prepare(Path target) throws IOException {
        if (Files.exists(target)) {
            try (var entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("The backup directory " + target + " is not empty.");
                }
            }
        } else {
            Files.createDirectories(target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean copyIfPresent(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from)) {
            return false;
        }
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
        return true;
    }

    /** Each space's secret and file user, not its socket or run directory (those belong to the running agent). */
    private static int copyAgentSecrets(Path agents, Path target) throws IOException {
        if (!Files.isDirectory(agents)) {
            return 0;
        }
        int copied = 0;
        try (var spaces = Files.list(agents)) {
            for (Path space : spaces.filter(Files::isDirectory).toList()) {
                Path to = target.resolve(space.getFileName());
                Files.createDirectories(to);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
                for (String name : AGENT_FILES) {
                    if (copyIfPresent(space.resolve(name), to.resolve(name)) && name.equals("secret")) {
                        copied++;
                    }
                }
            }
        }
        return copied;
    }
}
