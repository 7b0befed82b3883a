package dev.warren.server;

import dev.warren.core.spec.ResourceLimits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Server settings. Sources, later ones winning: built-in defaults, the config file ({@code WARREN_CONFIG}, default
 * {@code ./warren.properties} when present), environment variables. Keys in the file are the environment names
 * without the {@code WARREN_} prefix, lower-case with dots (e.g. {@code database.url} for {@code WARREN_DATABASE_URL}).
 * See the README's configuration table.
 */
public record Config(
        String host,
        int port,
        String dataDir,
        String databaseUrl,
        String adminUsername,
        String adminEmail,
        String adminPassword,
        String engineHost,
        String defaultImage,
        String zone,
        String publicUrl,
        String spaceServerUrl,
        long maxBodyBytes,
        Duration sessionLifetime,
        Duration reconcileInterval,
        int bcryptCost,
        boolean secureCookies,
        String cliDir,
        int spaceApiPort,
        boolean forwardNat,
        boolean spaceFirewall,
        Duration egressRefresh,
        String agentBinary,
        Duration shutdownGrace,
        boolean restoreRunning,
        ResourceLimits spaceLimits,
        ResourceLimits maxSpaceLimits,
        String secretKey,
        String secretKeyPrevious,
        SandboxSettings sandboxes) {

    /** The CLI bundles scripts/space-cli.sh builds, used as {@code cliDir} when present and none is configured. */
    static final Path DEFAULT_CLI_DIR = Path.of("build", "space-cli");

    /**
     * The in-space CLI bundle to bind-mount at /opt/warren, resolved now: a bundle root with a {@code current}
     * symlink (the layout scripts/space-cli.sh writes: {@code current -> <hash>/}) becomes the real versioned
     * directory it names at this moment, so a space pins the version it started with and a later rebuild (which
     * flips {@code current} to a new directory and keeps the old ones) never empties /opt/warren under it.
     * Any other directory is resolved through its symlinks too; a path that does not exist is returned as
     * configured, and {@code ""} means no CLI. Read it at every space start to pick up a rebuilt bundle.
     */
    @Override
    public String cliDir() {
        return resolveCliDir(cliDir);
    }

    static String resolveCliDir(String configured) {
        if (configured == null || configured.isBlank()) {
            return "";
        }
        Path dir = Path.of(configured);
        Path current = dir.resolve("current");
        try {
            return (Files.isDirectory(current) ? current : dir).toRealPath().toString();
        } catch (IOException | InvalidPathException missing) {
            return configured;
        }
    }

    /** The in-space agent built by scripts/agent.sh. */
    static final Path DEFAULT_AGENT = Path.of("build", "agent", "warren-agent");

    /** The server URL spaces get: the configured one, else the API exposed inside each space on loopback. */
    public String spaceServerUrlOrBridge() {
        return spaceServerUrl.isBlank() && spaceApiPort > 0 ? "http://127.0.0.1:" + spaceApiPort : spaceServerUrl;
    }

    /** Where per-space agent directories (sockets, secrets) live on this host. */
    public Path agentDir() {
        return Path.of(dataDir, "agents").toAbsolutePath().normalize();
    }

    /** The agent scripts/agent.sh builds, looked for here and one level up (tests run inside a module). */
    private static String defaultAgentBinary() {
        for (Path candidate : List.of(DEFAULT_AGENT, Path.of("..").resolve(DEFAULT_AGENT))) {
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().normalize().toString();
            }
        }
        return "";
    }

    /** Reads the configuration from the given environment (System.getenv() in production). */
    public static Config load(Map<String, String> env) {
        Properties file = new Properties();
        Path path = Path.of(env.getOrDefault("WARREN_CONFIG", "warren.properties"));
        if (Files.isRegularFile(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                file.load(in);
            } catch (IOException error) {
                throw new IllegalArgumentException("Cannot read the config file " + path + ": " + error.getMessage());
            }
        } else if (env.containsKey("WARREN_CONFIG")) {
            throw new IllegalArgumentException("The config file " + path + " named by WARREN_CONFIG does not exist.");
        }
        Source source = new Source(env, file);
        String dataDir = source.get("WARREN_DATA_DIR", "./data");
        int port = source.integer("WARREN_PORT", 3000);
        return new Config(
                source.get("WARREN_HOST", "0.0.0.0"),
                port,
                dataDir,
                source.get("WARREN_DATABASE_URL", "jdbc:sqlite:" + dataDir + "/warren.db"),
                source.get("WARREN_ADMIN_USERNAME", "admin"),
                source.get("WARREN_ADMIN_EMAIL", "admin@localhost.localdomain"),
                source.get("WARREN_ADMIN_PASSWORD", ""),
                source.get("WARREN_ENGINE_HOST", ""),
                source.get("WARREN_DEFAULT_IMAGE", "warren-base:latest"),
                source.get("WARREN_ZONE", "default"),
                source.get("WARREN_PUBLIC_URL", "http://localhost:" + port),
                source.get("WARREN_SPACE_SERVER_URL", ""),
                source.integer("WARREN_MAX_BODY_BYTES", 1 << 20),
                Duration.ofHours(source.integer("WARREN_SESSION_HOURS", 24)),
                Duration.ofSeconds(source.integer("WARREN_RECONCILE_SECONDS", 30)),
                source.integer("WARREN_BCRYPT_COST", 12),
                Boolean.parseBoolean(source.get("WARREN_SECURE_COOKIES", "false")),
                source.get("WARREN_CLI_DIR", Files.isDirectory(DEFAULT_CLI_DIR)
                        ? DEFAULT_CLI_DIR.toAbsolutePath().toString() : ""),
                source.integer("WARREN_SPACE_API_PORT", 7399),
                !source.get("WARREN_FORWARD_NAT", "auto").equalsIgnoreCase("off"),
                onOff(source.get("WARREN_SPACE_FIREWALL", "on"), "WARREN_SPACE_FIREWALL"),
                Duration.ofSeconds(Math.max(1, source.integer("WARREN_EGRESS_REFRESH_SECONDS", 30))),
                source.get("WARREN_AGENT_BINARY", defaultAgentBinary()),
                Duration.ofSeconds(source.integer("WARREN_SHUTDOWN_GRACE_SECONDS", 20)),
                onOff(source.get("WARREN_RESTORE_RUNNING", "on"), "WARREN_RESTORE_RUNNING"),
                SpaceLimitSettings.defaults(source::get),
                SpaceLimitSettings.maxima(source::get),
                source.get("WARREN_SECRET_KEY", ""),
                source.get("WARREN_SECRET_KEY_PREVIOUS", ""),
                SandboxSettings.load(source::get, port));
    }

    /** on/off (also true/false): anything else is refused, so a typo cannot turn isolation off. */
    private static boolean onOff(String value, String name) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("The setting " + name + " must be on or off, not '" + value
                    + "'.");
        };
    }

    private record Source(Map<String, String> env, Properties file) {
        String get(String name, String fallback) {
            String value = env.get(name);
            if (value == null) {
                value = file.getProperty(name.substring("WARREN_".length()).toLowerCase().replace('_', '.'));
            }
            return value == null ? fallback : value.strip();
        }

        int integer(String name, int fallback) {
            String value = get(name, String.valueOf(fallback));
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException error) {
                throw new IllegalArgumentException("The setting " + name + " must be a whole number, not '"
                        + value + "'.");
            }
        }
    }
}
