package dev.warren.client.transfer;

import java.util.List;

/** 410: The upload was dropped with its bytes after staying untouched longer than the server keeps unfinished uploads; start again. */
public final class UploadExpiredException extends FileUploadException {
    /**
     * @param message  the sentence
     * @param detail   context
     * @param uploadId the upload's id, or null
     */
    public UploadExpiredException(String message, String detail, String uploadId) {
        super(410, message, detail, List.of(), null, null, uploadId);
    }
}
