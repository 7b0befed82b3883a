package dev.warren.client.transfer;

import java.util.List;

/** 409: The server holds a different offset than the one sent (another client is sending), or the conflict policy refused the target (fail on a non-empty directory). */
public final class UploadConflictException extends FileUploadException {
    /**
     * @param message  the sentence
     * @param detail   context
     * @param uploadId the upload's id, or null
     */
    public UploadConflictException(String message, String detail, String uploadId) {
        super(409, message, detail, List.of(), null, null, uploadId);
    }
}
