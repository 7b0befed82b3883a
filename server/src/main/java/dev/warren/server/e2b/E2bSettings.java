package dev.warren.server.e2b;

import java.util.Map;

/**
 * Where the E2B-compatible API is served: under {@code WARREN_E2B_PREFIX} on the API port (default {@code /e2b};
 * {@code off} turns it off). Point E2B's SDK at it with {@code E2B_API_URL=http://host:port/e2b} and
 * {@code E2B_SANDBOX_URL} set to the same URL. Read once at start; a value that makes no sense is refused with a
 * sentence naming the setting.
 */
public record E2bSettings(String prefix) {
    public static final String DEFAULT_PREFIX = "/e2b";

    public static E2bSettings load(Map<String, String> env) {
        String value = env.getOrDefault("WARREN_E2B_PREFIX", DEFAULT_PREFIX).strip();
        if (value.equalsIgnoreCase("off")) {
            return new E2bSettings(null);
        }
        if (!value.matches("(/[a-z0-9_-]+)+") || value.equals("/api") || value.startsWith("/api/")
                || value.equals("/space-io") || value.equals("/health") || value.equals("/metrics")) {
            throw new IllegalArgumentException("The setting WARREN_E2B_PREFIX must be a path such as /e2b (lower-case"
                    + " letters, digits, '-' and '_', not one of warren's own paths) or off, not '" + value + "'.");
        }
        return new E2bSettings(value);
    }

    public boolean enabled() {
        return prefix != null;
    }
}
