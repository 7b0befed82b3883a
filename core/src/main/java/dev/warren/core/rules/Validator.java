package dev.warren.core.rules;

import dev.warren.core.FieldError;
import dev.warren.core.ValidationException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every field error of one request, then throws them together. Not thread-safe; one per request.
 * Usage: {@code new Validator().name("name", req.name()).maxLength("description", req.description(), 1000).check();}
 */
public final class Validator {
    /**
     * Lowercase letters, digits and dashes, 1–63 characters, starting with a letter and not ending with a dash: a DNS
     * label that can never be mistaken for a number or an id (a space named {@code 123} is refused).
     */
    public static final Pattern NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private final List<FieldError> errors = new ArrayList<>();

    public Validator required(String field, Object value) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            add(field, "The field '" + field + "' is required.");
        }
        return this;
    }

    public Validator name(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "The field '" + field + "' is required.");
        } else if (!NAME.matcher(value).matches()) {
            add(field, "The field '" + field + "' must be 1 to 63 lowercase letters, digits or dashes, "
                    + "starting with a letter and ending with a letter or digit.");
        }
        return this;
    }

    public Validator names(String field, Collection<String> values) {
        if (values != null) {
            for (String value : values) {
                if (value == null || !NAME.matcher(value).matches()) {
                    add(field, "Every entry of '" + field + "' must be 1 to 63 lowercase letters, digits or dashes,"
                            + " starting with a letter.");
                    break;
                }
            }
        }
        return this;
    }

    public Validator maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            add(field, "The field '" + field + "' must be at most " + max + " characters long.");
        }
        return this;
    }

    /**
     * Free text of at most {@code max} characters over several lines: newlines and tabs are fine; other control
     * characters (NUL, escape sequences…) and bidirectional overrides, which make text display as something it is
     * not, are refused.
     */
    public Validator text(String field, String value, int max) {
        maxLength(field, value, max);
        String problem = value == null ? null : unprintable(value, true);
        if (problem != null) {
            add(field, "The field '" + field + "' contains " + problem + ", which it cannot hold.");
        }
        return this;
    }

    /** Like {@link #text} on one line: no newline or tab either. */
    public Validator line(String field, String value, int max) {
        maxLength(field, value, max);
        String problem = value == null ? null : unprintable(value, false);
        if (problem != null) {
            add(field, "The field '" + field + "' contains " + problem + ", which it cannot hold.");
        }
        return this;
    }

    /** What is wrong with {@code value} as displayable text, or null when nothing is. */
    public static String unprintable(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return "a NUL byte";
            }
            if (multiline && (c == '\n' || c == '\t' || c == '\r')) {
                continue;
            }
            if (Character.isISOControl(c)) {
                return c == '\n' || c == '\r' ? "a line break" : "a control character (U+"
                        + String.format("%04X", (int) c) + ")";
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return "a bidirectional override (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    public Validator email(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "The field '" + field + "' is required.");
        } else if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            add(field, "The field '" + field + "' must be an email address.");
        }
        return this;
    }

    public Validator url(String field, String value) {
        if (value != null && !value.isEmpty()) {
            boolean ok = value.length() <= 2048
                    && (value.startsWith("https://") || value.startsWith("http://") || value.startsWith("/"));
            if (!ok) {
                add(field, "The field '" + field + "' must be an http(s) URL or a path starting with '/'.");
            }
        }
        return this;
    }

    public Validator port(String field, Integer value) {
        if (value == null) {
            add(field, "The field '" + field + "' is required.");
        } else if (value < 1 || value > 65535) {
            add(field, "The field '" + field + "' must be a port number between 1 and 65535.");
        }
        return this;
    }

    public Validator check(boolean condition, String field, String message) {
        if (!condition) {
            add(field, message);
        }
        return this;
    }

    public Validator add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws {@link ValidationException} with every error found so far; returns normally when there are none. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
