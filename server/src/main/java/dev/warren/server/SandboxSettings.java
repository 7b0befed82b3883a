package dev.warren.server;

import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The settings of the sandbox surface: sandbox lifetimes, the port URL proxy, preview tokens and resumable uploads.
 * Every value is read once at start; a value that makes no sense is refused with a sentence naming the setting.
 *
 * @param defaultTimeout    a sandbox's life when its create names none ({@code WARREN_SANDBOX_TIMEOUT_SECONDS}, 300)
 * @param maxTimeout        the longest life a create or {@code set_timeout} may ask for
 *                          ({@code WARREN_SANDBOX_MAX_TIMEOUT_SECONDS}, 30 days: no session caps, as the seed says)
 * @param pausedRetention   how long a sandbox paused by its timeout (on_timeout pause) stays paused before it is
 *                          killed ({@code WARREN_SANDBOX_PAUSED_RETENTION_SECONDS}, 24 h: a paused sandbox holds memory)
 * @param portDomain        the domain of port URLs, {@code <port>-<sandbox id>.<domain>} ({@code WARREN_SANDBOX_DOMAIN},
 *                          {@code localhost}: browsers resolve every {@code *.localhost} to loopback)
 * @param portProxyPort     where the port URL proxy listens on {@code WARREN_HOST} ({@code WARREN_PORT_PROXY_PORT},
 *                          the API port + 1; 0 picks a free port; -1 turns port URLs off)
 * @param portUrlBase       how users reach the proxy, with {@code {port}} and {@code {id}} placeholders
 *                          ({@code WARREN_PORT_URL}, default {@code http://{port}-{id}.<domain>:<proxy port>}); set
 *                          it when a TLS terminator or another port fronts the proxy
 * @param previewMaxTtl     the longest life of a preview token ({@code WARREN_PREVIEW_MAX_TTL_SECONDS}, 7 days)
 * @param uploadExpiry      an unfinished upload untouched this long is dropped with its disk
 *                          ({@code WARREN_UPLOAD_EXPIRY_SECONDS}, 24 h)
 * @param uploadMaxBytes    the largest single upload ({@code WARREN_UPLOAD_MAX_BYTES}, 20 GiB)
 * @param uploadQuotaBytes  the bytes one user's unfinished uploads may hold on the server's disk at once
 *                          ({@code WARREN_UPLOAD_QUOTA_BYTES}, 50 GiB)
 * @param poolMaxTotal      the most warm pool members over all templates ({@code WARREN_POOL_MAX_TOTAL}, 50)
 * @param forkMax           the most sandboxes one fork may make ({@code WARREN_FORK_MAX}, 10)
 * @param e2bPrefix         where the E2B-compatible API is served ({@code WARREN_E2B_PREFIX}, {@code /e2b}; {@code off})
 */
public record SandboxSettings(
        Duration defaultTimeout,
        Duration maxTimeout,
        Duration pausedRetention,
        String portDomain,
        int portProxyPort,
        String portUrlBase,
        Duration previewMaxTtl,
        Duration uploadExpiry,
        long uploadMaxBytes,
        long uploadQuotaBytes,
        int poolMaxTotal,
        int forkMax,
        String e2bPrefix) {

    static SandboxSettings load(BiFunction<String, String, String> settings, int apiPort) {
        Duration maxTimeout = seconds(settings, "WARREN_SANDBOX_MAX_TIMEOUT_SECONDS", 30L * 24 * 3600);
        Duration defaultTimeout = seconds(settings, "WARREN_SANDBOX_TIMEOUT_SECONDS", 300);
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("The setting WARREN_SANDBOX_TIMEOUT_SECONDS (" + defaultTimeout.toSeconds()
                    + ") must not exceed WARREN_SANDBOX_MAX_TIMEOUT_SECONDS (" + maxTimeout.toSeconds() + ").");
        }
        String domain = settings.apply("WARREN_SANDBOX_DOMAIN", "localhost").toLowerCase(java.util.Locale.ROOT);
        if (!domain.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("The setting WARREN_SANDBOX_DOMAIN must be a domain name such as"
                    + " sandboxes.example.com, not '" + domain + "'.");
        }
        int proxyPort = (int) whole(settings, "WARREN_PORT_PROXY_PORT", apiPort == 0 ? 0 : apiPort + 1, -1, 65535);
        String urlBase = settings.apply("WARREN_PORT_URL", "");
        if (!urlBase.isBlank() && !(urlBase.contains("{port}") && urlBase.contains("{id}")
                && (urlBase.startsWith("http://") || urlBase.startsWith("https://")))) {
            throw new IllegalArgumentException("The setting WARREN_PORT_URL must be an http(s) URL with {port} and"
                    + " {id} placeholders, such as https://{port}-{id}.sandboxes.example.com, not '" + urlBase + "'.");
        }
        return new SandboxSettings(defaultTimeout, maxTimeout,
                seconds(settings, "WARREN_SANDBOX_PAUSED_RETENTION_SECONDS", 24L * 3600), domain, proxyPort, urlBase,
                seconds(settings, "WARREN_PREVIEW_MAX_TTL_SECONDS", 7L * 24 * 3600),
                seconds(settings, "WARREN_UPLOAD_EXPIRY_SECONDS", 24L * 3600),
                whole(settings, "WARREN_UPLOAD_MAX_BYTES", 20L << 30, 1, Long.MAX_VALUE),
                whole(settings, "WARREN_UPLOAD_QUOTA_BYTES", 50L << 30, 1, Long.MAX_VALUE),
                (int) whole(settings, "WARREN_POOL_MAX_TOTAL", 50, 0, 10_000),
                (int) whole(settings, "WARREN_FORK_MAX", 10, 1, 1000),
                settings.apply("WARREN_E2B_PREFIX", "/e2b"));
    }

    /** Whether port URLs are served (a proxy port of -1 turns them off). */
    public boolean portUrlsEnabled() {
        return portProxyPort >= 0;
    }

    /**
     * The URL of {@code port} of sandbox {@code id}, given the port the proxy actually listens on (known once it
     * started: the configured one may be 0).
     */
    public String portUrl(String id, int port, int listeningPort) {
        String base = portUrlBase.isBlank() ? "http://{port}-{id}." + portDomain + ":" + listeningPort : portUrlBase;
        return base.replace("{port}", Integer.toString(port)).replace("{id}", id);
    }

    private static Duration seconds(BiFunction<String, String, String> settings, String name, long fallback) {
        return Duration.ofSeconds(whole(settings, name, fallback, 1, Long.MAX_VALUE / 1_000_000_000L));
    }

    private static long whole(BiFunction<String, String, String> settings, String name, long fallback, long min,
            long max) {
        String value = settings.apply(name, Long.toString(fallback));
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("The setting " + name + " must be a whole number, not '" + value + "'.");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("The setting " + name + " must be between " + min + " and " + max
                    + ", not " + parsed + ".");
        }
        return parsed;
    }
}
