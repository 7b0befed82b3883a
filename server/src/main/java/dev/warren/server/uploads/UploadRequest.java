package dev.warren.server.uploads;

import dev.warren.core.FieldError;
import dev.warren.core.ValidationException;
import dev.warren.client.wire.Uploads;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A creation request read from the tus headers: {@code Upload-Length} and {@code Upload-Metadata} (comma-separated
 * {@code key base64(value)} pairs). Every problem is found before anything is created, each named by its header or
 * metadata key.
 *
 * @param conflict for archives {@code merge | replace | fail}; null for files
 * @param mode     for files the permission bits (default 0644); null for archives
 */
public record UploadRequest(long length, String path, String sha256, String kind, String conflict, Integer mode) {
    private static final Set<String> KNOWN = Set.of("path", "sha256", "kind", "conflict", "mode", "filename",
            "filetype");
    private static final Set<String> POLICIES = Set.of("merge", "replace", "fail");

    /**
     * Reads and checks the headers.
     *
     * @param lengthHeader   {@code Upload-Length}, or null when absent
     * @param metadataHeader {@code Upload-Metadata}, or null when absent
     * @throws ValidationException naming every faulty header or key
     */
    public static UploadRequest parse(String lengthHeader, String metadataHeader) {
        List<FieldError> errors = new ArrayList<>();
        long length = -1;
        if (lengthHeader == null || lengthHeader.isBlank()) {
            errors.add(new FieldError("Upload-Length", "The header Upload-Length is required: the size of the upload"
                    + " in bytes (deferred lengths are not supported)."));
        } else if (!lengthHeader.strip().matches("[0-9]{1,18}")) {
            errors.add(new FieldError("Upload-Length", "The header Upload-Length must be a whole number of bytes,"
                    + " not '" + shorten(lengthHeader) + "'."));
        } else {
            length = Long.parseLong(lengthHeader.strip());
        }
        Map<String, String> metadata = metadata(metadataHeader, errors);
        String path = metadata.get("path");
        if (path == null || path.isEmpty()) {
            errors.add(new FieldError("path", "The metadata 'path' is required: the absolute path to write in the"
                    + " space."));
        } else if (!path.startsWith("/")) {
            errors.add(new FieldError("path", "The metadata 'path' must be an absolute path such as"
                    + " /workspace/file.bin, not '" + shorten(path) + "'."));
        } else if (path.contains("\0") || path.length() > 4096) {
            errors.add(new FieldError("path", "The metadata 'path' must be at most 4096 characters without NUL."));
        }
        String sha256 = metadata.get("sha256");
        if (sha256 == null || sha256.isEmpty()) {
            errors.add(new FieldError("sha256", "The metadata 'sha256' is required: the SHA-256 of the whole upload,"
                    + " as 64 hexadecimal digits."));
        } else if (!sha256.matches("[0-9a-fA-F]{64}")) {
            errors.add(new FieldError("sha256", "The metadata 'sha256' must be 64 hexadecimal digits, not '"
                    + shorten(sha256) + "'."));
        }
        String kind = metadata.getOrDefault("kind", Uploads.FILE);
        if (!kind.equals(Uploads.FILE) && !kind.equals(Uploads.ARCHIVE)) {
            errors.add(new FieldError("kind", "The metadata 'kind' must be 'file' or 'archive', not '"
                    + shorten(kind) + "'."));
        }
        String conflict = metadata.get("conflict");
        if (conflict != null && kind.equals(Uploads.FILE)) {
            errors.add(new FieldError("conflict", "The metadata 'conflict' applies to archives only (kind"
                    + " 'archive'); a file replaces the target."));
        } else if (conflict != null && !POLICIES.contains(conflict)) {
            errors.add(new FieldError("conflict", "The metadata 'conflict' must be merge, replace or fail, not '"
                    + shorten(conflict) + "'."));
        }
        String mode = metadata.get("mode");
        if (mode != null && kind.equals(Uploads.ARCHIVE)) {
            errors.add(new FieldError("mode", "The metadata 'mode' applies to files only; an archive keeps the modes"
                    + " of its members."));
        } else if (mode != null && !mode.matches("[0-7]{3,4}")) {
            errors.add(new FieldError("mode", "The metadata 'mode' must be octal such as 644 or 0755, not '"
                    + shorten(mode) + "'."));
        }
        if (kind.equals(Uploads.FILE) && path != null && path.startsWith("/") && path.endsWith("/")) {
            errors.add(new FieldError("path", "The metadata 'path' of a file must not end with '/'."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        boolean archive = kind.equals(Uploads.ARCHIVE);
        return new UploadRequest(length, path, sha256.toLowerCase(Locale.ROOT), kind,
                archive ? (conflict == null ? "merge" : conflict) : null,
                archive ? null : (mode == null ? 0644 : Integer.parseInt(mode, 8)));
    }

    private static Map<String, String> metadata(String header, List<FieldError> errors) {
        Map<String, String> values = new HashMap<>();
        if (header == null || header.isBlank()) {
            return values;
        }
        for (String pair : header.split(",", -1)) {
            String[] parts = pair.strip().split(" ", -1);
            String key = parts[0];
            if (key.isEmpty() || parts.length > 2) {
                errors.add(new FieldError("Upload-Metadata", "The header Upload-Metadata must be comma-separated"
                        + " 'key base64value' pairs; '" + shorten(pair.strip()) + "' is not one."));
                continue;
            }
            if (!KNOWN.contains(key)) {
                errors.add(new FieldError("Upload-Metadata", "Unknown metadata key '" + shorten(key) + "'; known"
                        + " keys: conflict, filename, filetype, kind, mode, path, sha256."));
                continue;
            }
            if (values.containsKey(key)) {
                errors.add(new FieldError("Upload-Metadata", "The metadata key '" + key + "' is given twice."));
                continue;
            }
            String value = parts.length == 2 ? decode(parts[1]) : "";
            if (value == null) {
                errors.add(new FieldError(key, "The value of metadata '" + key + "' must be base64 of UTF-8 text."));
                continue;
            }
            values.put(key, value);
        }
        return values;
    }

    private static String decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException invalid) {
            return null;
        }
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
