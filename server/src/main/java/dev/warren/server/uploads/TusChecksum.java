package dev.warren.server.uploads;

import dev.warren.core.ValidationException;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** The tus checksum extension: {@code Upload-Checksum: <algorithm> <base64 digest>} on a PATCH. */
public final class TusChecksum {
    /** The algorithms served, as tus names them, with their JCA names. */
    public static final Map<String, String> ALGORITHMS = Map.of("sha1", "SHA-1", "sha256", "SHA-256");

    private TusChecksum() {}

    /** The checksum to verify, or null when the header is absent. */
    static UploadDisk.Checksum parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.strip().split(" ");
        String algorithm = ALGORITHMS.get(parts[0].toLowerCase(Locale.ROOT));
        if (parts.length != 2 || algorithm == null) {
            throw ValidationException.of("Upload-Checksum", "The header Upload-Checksum must be 'sha1 <base64>' or"
                    + " 'sha256 <base64>' (Tus-Checksum-Algorithm), not '" + header + "'.");
        }
        try {
            return new UploadDisk.Checksum(algorithm, Base64.getDecoder().decode(parts[1]));
        } catch (IllegalArgumentException notBase64) {
            throw ValidationException.of("Upload-Checksum", "The digest in Upload-Checksum must be base64.");
        }
    }
}
