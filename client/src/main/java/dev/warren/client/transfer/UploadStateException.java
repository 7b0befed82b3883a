package dev.warren.client.transfer;

import java.util.List;

/** 423: The upload cannot take bytes: it completed or failed already, the source no longer matches it, or the space is not running. */
public final class UploadStateException extends FileUploadException {
    /**
     * @param message  the sentence
     * @param detail   context
     * @param uploadId the upload's id, or null
     */
    public UploadStateException(String message, String detail, String uploadId) {
        super(423, message, detail, List.of(), null, null, uploadId);
    }
}
