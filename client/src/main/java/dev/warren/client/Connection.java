package dev.warren.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where and as whom the SDK connects, resolved once. Each setting comes from the first source that has it:
 * <ol>
 *   <li>explicit arguments (the CLI's {@code --server} / {@code --token}),</li>
 *   <li>the environment: {@code WARREN_SERVER}, {@code WARREN_TOKEN} — set inside every space, with a token scoped
 *       to that space, so code in a space needs no configuration,</li>
 *   <li>the config file ({@link ConfigFile#defaultPath}), written by {@code warren login}.</li>
 * </ol>
 * A token from the config file is only sent to the config file's own server: when the server comes from an
 * argument or the environment and differs from the file's, the file's token is ignored rather than leaked.
 * {@code WARREN_SPACE_ID} and {@code WARREN_SPACE_NAME} say which space the caller runs in (null outside spaces).
 * Immutable; {@link #toString()} masks the token.
 *
 * @param server    the server's base URL, without a trailing slash
 * @param token     the bearer token, or null (only public endpoints then answer)
 * @param spaceId   the id of the space this process runs in, or null
 * @param spaceName the name of the space this process runs in, or null
 */
public record Connection(URI server, String token, String spaceId, String spaceName) {

    /**
     * Checks and normalises the settings.
     *
     * @throws IllegalArgumentException when the server is not an absolute http(s) URL
     */
    public Connection {
        if (server == null) {
            throw new IllegalArgumentException("The server URL is required.");
        }
        String scheme = server.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || server.getHost() == null) {
            throw new IllegalArgumentException("The server URL must be an absolute http or https URL, not '"
                    + server + "'.");
        }
        String text = server.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        server = URI.create(text);
        token = blankToNull(token);
        spaceId = blankToNull(spaceId);
        spaceName = blankToNull(spaceName);
    }

    /**
     * Resolves from the real environment and the default config file.
     *
     * @param server an explicit server URL, or null
     * @param token  an explicit token, or null
     * @return the connection
     * @throws WarrenException.NotConfigured when no source names a server
     */
    public static Connection resolve(String server, String token) {
        Map<String, String> env = System.getenv();
        return resolve(server, token, env, ConfigFile.defaultPath(env));
    }

    /**
     * Resolves explicit values, then {@code env}, then the config file at {@code configFile}.
     *
     * @param server     an explicit server URL, or null
     * @param token      an explicit token, or null
     * @param env        the environment to read {@code WARREN_*} variables from
     * @param configFile the config file to fall back on (need not exist)
     * @return the connection
     * @throws WarrenException.NotConfigured when no source names a server
     * @throws IllegalArgumentException when the server named is not an http(s) URL
     */
    public static Connection resolve(String server, String token, Map<String, String> env, Path configFile) {
        Optional<ConfigFile> file = ConfigFile.read(configFile);
        String resolvedServer = firstOf(server, env.get("WARREN_SERVER"), file.map(ConfigFile::server).orElse(null));
        if (resolvedServer == null) {
            throw new WarrenException.NotConfigured("No warren server is configured: pass --server, set WARREN_SERVER, "
                    + "or run 'warren login --server URL' to write " + configFile + ".");
        }
        String fileToken = file.filter(config -> sameServer(config.server(), resolvedServer))
                .map(ConfigFile::token).orElse(null);
        String resolvedToken = firstOf(token, env.get("WARREN_TOKEN"), fileToken);
        return new Connection(parse(resolvedServer), resolvedToken, env.get("WARREN_SPACE_ID"),
                env.get("WARREN_SPACE_NAME"));
    }

    /** Whether this process runs inside a warren space ({@code WARREN_SPACE_ID} was set). */
    public boolean insideSpace() {
        return spaceId != null;
    }

    /**
     * This connection with another token (for example one just created by a login).
     *
     * @param newToken the token
     * @return a new connection
     */
    public Connection withToken(String newToken) {
        return new Connection(server, newToken, spaceId, spaceName);
    }

    /** Masks the token. */
    @Override
    public String toString() {
        return "Connection[server=" + server + ", token=" + (token == null ? "none" : "****") + ", spaceId="
                + spaceId + ", spaceName=" + spaceName + "]";
    }

    static URI parse(String server) {
        try {
            return new URI(server.strip());
        } catch (URISyntaxException invalid) {
            throw new IllegalArgumentException("The server URL '" + server + "' is not a valid URL: "
                    + invalid.getReason() + ".");
        }
    }

    private static boolean sameServer(String a, String b) {
        return a != null && b != null && strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        String text = url.strip();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
