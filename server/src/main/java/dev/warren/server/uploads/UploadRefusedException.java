package dev.warren.server.uploads;

import dev.warren.core.WarrenException;

/**
 * A tus request refused with a status the core exceptions do not have: 410 (expired), 412 (unsupported protocol
 * version), 413 (over a limit), 415 (wrong content type) or 460 (checksum mismatch, as the tus checksum extension
 * says). {@code field} names what was wrong (a header or a metadata key), for the error body's validations.
 */
public final class UploadRefusedException extends WarrenException {
    private final int status;
    private final String field;

    public UploadRefusedException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The header or metadata key at fault; null when none is. */
    public String field() {
        return field;
    }

    static UploadRefusedException expired(String id) {
        return new UploadRefusedException(410, null, "The upload " + id + " expired: nothing arrived for longer than"
                + " the server keeps unfinished uploads, and its bytes were deleted; start a new upload.");
    }

    static UploadRefusedException checksum(String message) {
        return new UploadRefusedException(460, "sha256", message);
    }
}
