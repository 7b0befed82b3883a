package dev.warren.server.snapshots;

import java.util.Map;

/**
 * The snapshot settings, read once at start.
 *
 * @param forkMax the most sandboxes one fork may make ({@code WARREN_FORK_MAX}, 10: each is a running sandbox, and
 *                a fork's starts run at once)
 */
public record SnapshotSettings(int forkMax) {
    public static final int DEFAULT_FORK_MAX = 10;

    public SnapshotSettings {
        if (forkMax < 1 || forkMax > 1000) {
            throw new IllegalArgumentException("WARREN_FORK_MAX must be 1 to 1000, not " + forkMax + ".");
        }
    }

    /** From the environment; a value that is not a number is refused with a sentence naming the setting. */
    public static SnapshotSettings load(Map<String, String> env) {
        String value = env.get("WARREN_FORK_MAX");
        if (value == null || value.isBlank()) {
            return new SnapshotSettings(DEFAULT_FORK_MAX);
        }
        try {
            return new SnapshotSettings(Integer.parseInt(value.strip()));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("WARREN_FORK_MAX must be a whole number, not '" + value + "'.");
        }
    }
}
