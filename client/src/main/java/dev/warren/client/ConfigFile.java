package dev.warren.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI and SDK config file, {@code $XDG_CONFIG_HOME/warren/config.json} or {@code ~/.config/warren/config.json}:
 * <pre>{"server": "https://warren.example.com", "token": "wrn_…", "username": "alice"}</pre>
 * Written with mode 0600 (its directory 0700) because it holds a secret; written atomically (temporary file, then
 * rename). Immutable.
 *
 * @param server   the server's base URL
 * @param token    the API token (a secret)
 * @param username who the token belongs to, for display only; may be null
 */
public record ConfigFile(String server, String token, String username) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /**
     * Where the config file lives for this environment: {@code $XDG_CONFIG_HOME/warren/config.json} when
     * {@code XDG_CONFIG_HOME} is set and absolute, else {@code $HOME/.config/warren/config.json}.
     *
     * @param env the environment ({@code System.getenv()} in production)
     * @return the path, whether or not the file exists
     */
    public static Path defaultPath(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "warren", "config.json");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "warren", "config.json");
    }

    /**
     * Reads a config file.
     *
     * @param path the file
     * @return its content, or empty when the file does not exist
     * @throws UncheckedIOException when the file exists but cannot be read or is not valid JSON
     */
    public static Optional<ConfigFile> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(path.toFile(), ConfigFile.class));
        } catch (IOException error) {
            throw new UncheckedIOException("The config file " + path + " cannot be read: " + error.getMessage(), error);
        }
    }

    /**
     * Writes this config to {@code path} with mode 0600, creating its directory with mode 0700 when missing.
     * Blocking; replaces an existing file atomically where the file system allows.
     *
     * @param path the file to write
     * @throws UncheckedIOException when the file cannot be written
     */
    public void write(Path path) {
        Path target = path.toAbsolutePath();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path directory = target.getParent();
            if (!Files.isDirectory(directory)) {
                if (posix) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                } else {
                    Files.createDirectories(directory);
                }
            }
            Path temporary = posix
                    ? Files.createTempFile(directory, ".config-", ".json",
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : Files.createTempFile(directory, ".config-", ".json");
            try {
                Files.write(temporary, JSON.writeValueAsBytes(this));
                if (posix) {
                    Files.setPosixFilePermissions(temporary, OWNER_ONLY_FILE);
                }
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException error) {
            throw new UncheckedIOException("The config file " + target + " cannot be written: " + error.getMessage(),
                    error);
        }
    }

    /** Masks the token so a config never leaks into logs. */
    @Override
    public String toString() {
        return "ConfigFile[server=" + server + ", token=" + (token == null ? "null" : "****") + ", username="
                + username + "]";
    }
}
