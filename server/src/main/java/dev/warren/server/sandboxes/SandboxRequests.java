package dev.warren.server.sandboxes;

import dev.warren.core.FieldError;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Sandbox.TimeoutAction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of a sandbox request's own fields, each refusal a sentence naming its field. Pure.
 *
 * <p>Why these limits: metadata are labels to find sandboxes by (an agent run id, a user of the agent's product), not
 * a store: 50 entries of 64-character keys and 512-character values hold that with room. Environment variables carry
 * configuration and keys: 200 of them, 32 KiB each, is far beyond what a program reads at start. Names under
 * {@code WARREN_} are the space's identity (token, server, id) and cannot be replaced.
 */
final class SandboxRequests {
    static final int MAX_METADATA = 50;
    static final int MAX_METADATA_KEY = 64;
    static final int MAX_METADATA_VALUE = 512;
    static final int MAX_ENV_VARS = 200;
    static final int MAX_ENV_NAME = 128;
    static final int MAX_ENV_VALUE = 32 * 1024;
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SandboxRequests() {}

    /** A life span in seconds: at least one, at most the server's maximum; null takes the default. */
    static Duration timeout(Long seconds, Duration fallback, Duration maximum) {
        if (seconds == null) {
            return fallback;
        }
        if (seconds < 1) {
            throw ValidationException.of("timeout", "The timeout must be at least 1 second, not " + seconds + ".");
        }
        if (seconds > maximum.toSeconds()) {
            throw ValidationException.of("timeout", "The timeout must be at most " + maximum.toSeconds()
                    + " seconds on this server (WARREN_SANDBOX_MAX_TIMEOUT_SECONDS), not " + seconds + ".");
        }
        return Duration.ofSeconds(seconds);
    }

    /** kill (the default) or pause. */
    static TimeoutAction onTimeout(String value) {
        if (value == null || value.isBlank()) {
            return TimeoutAction.KILL;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "kill" -> TimeoutAction.KILL;
            case "pause" -> TimeoutAction.PAUSE;
            default -> throw ValidationException.of("on_timeout", "on_timeout must be 'kill' or 'pause', not '"
                    + value + "'.");
        };
    }

    /** Seconds without use before on_timeout happens: none (null or 0), else 1 up to the maximum timeout. */
    static Duration idleTimeout(Long seconds, Duration maximum) {
        if (seconds == null || seconds == 0) {
            return Duration.ZERO;
        }
        if (seconds < 0 || seconds > maximum.toSeconds()) {
            throw ValidationException.of("idle_timeout", "The idle timeout must be 0 (none) or 1 to "
                    + maximum.toSeconds() + " seconds, not " + seconds + ".");
        }
        return Duration.ofSeconds(seconds);
    }

    static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        List<FieldError> errors = new ArrayList<>();
        if (metadata.size() > MAX_METADATA) {
            errors.add(new FieldError("metadata", "At most " + MAX_METADATA + " metadata entries are allowed, not "
                    + metadata.size() + "."));
        }
        metadata.forEach((key, value) -> {
            if (key == null || key.length() > MAX_METADATA_KEY || !METADATA_KEY.matcher(key).matches()) {
                errors.add(new FieldError("metadata", "The metadata key '" + key + "' must be 1 to "
                        + MAX_METADATA_KEY + " letters, digits or . _ : / - starting with a letter or digit."));
            } else if (value == null || value.length() > MAX_METADATA_VALUE || hasControl(value)) {
                errors.add(new FieldError("metadata." + key, "The value of metadata '" + key
                        + "' must be text of at most " + MAX_METADATA_VALUE + " characters without control"
                        + " characters."));
            }
        });
        throwIf(errors);
        return Map.copyOf(metadata);
    }

    static Map<String, String> environment(Map<String, String> env) {
        if (env == null) {
            return Map.of();
        }
        List<FieldError> errors = new ArrayList<>();
        if (env.size() > MAX_ENV_VARS) {
            errors.add(new FieldError("env_vars", "At most " + MAX_ENV_VARS + " environment variables are allowed,"
                    + " not " + env.size() + "."));
        }
        env.forEach((name, value) -> {
            if (name == null || name.length() > MAX_ENV_NAME || !ENV_NAME.matcher(name).matches()) {
                errors.add(new FieldError("env_vars", "The environment variable name '" + name + "' must be letters,"
                        + " digits and _ (not starting with a digit), at most " + MAX_ENV_NAME + " characters."));
            } else if (name.toUpperCase(Locale.ROOT).startsWith("WARREN_")) {
                errors.add(new FieldError("env_vars." + name, "Environment variables starting with WARREN_ are the"
                        + " space's identity and cannot be set."));
            } else if (value == null || value.length() > MAX_ENV_VALUE || value.indexOf('\0') >= 0) {
                errors.add(new FieldError("env_vars." + name, "The value of " + name + " must be text of at most "
                        + MAX_ENV_VALUE + " characters without NUL."));
            }
        });
        throwIf(errors);
        return Map.copyOf(env);
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static void throwIf(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
