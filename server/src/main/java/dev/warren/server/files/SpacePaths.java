package dev.warren.server.files;

import dev.warren.core.ValidationException;

import java.util.ArrayList;
import java.util.List;

/**
 * The path contract of the file API: absolute paths only (a sandbox's working tree is {@code /workspace}, but any
 * absolute path works), normalised lexically ({@code //}, {@code .} and {@code ..} resolved, no trailing slash), at
 * most 4,096 bytes, no NUL. Relative paths are refused with a sentence naming the field.
 */
public final class SpacePaths {
    static final int MAX_BYTES = 4096;

    private SpacePaths() {}

    /**
     * @param field the query parameter or body field the path came in, for the sentence
     * @return the normalised absolute path
     */
    public static String absolute(String field, String path) {
        if (path == null || path.isBlank()) {
            throw ValidationException.of(field, "The " + what(field) + " '" + field + "' is required: an absolute "
                    + "path in the space, such as /workspace/src.");
        }
        if (!path.startsWith("/")) {
            throw ValidationException.of(field, "'" + field + "' must be an absolute path (starting with /), not '"
                    + shorten(path) + "'; a sandbox's working tree is /workspace.");
        }
        if (path.indexOf('\0') >= 0 || path.length() > MAX_BYTES) {
            throw ValidationException.of(field, "'" + field + "' must be at most " + MAX_BYTES
                    + " bytes without NUL characters.");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The parent of a normalised path ({@code /} for {@code /x}). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** {@code directory} joined with a relative {@code path} (both normalised). */
    public static String child(String directory, String path) {
        return directory.equals("/") ? "/" + path : directory + "/" + path;
    }

    private static String what(String field) {
        return field.equals("path") || field.equals("from") || field.equals("to") ? "query parameter or field"
                : "parameter";
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
