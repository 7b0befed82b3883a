package dev.warren.client.transfer;

import java.util.List;

/** 413: The upload is larger than the server accepts, or the caller's unfinished uploads would exceed the per-user quota. */
public final class UploadLimitException extends FileUploadException {
    /**
     * @param message  the sentence
     * @param detail   context
     * @param uploadId the upload's id, or null
     */
    public UploadLimitException(String message, String detail, String uploadId) {
        super(413, message, detail, List.of(), null, null, uploadId);
    }
}
