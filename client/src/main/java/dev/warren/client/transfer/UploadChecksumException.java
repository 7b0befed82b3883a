package dev.warren.client.transfer;

import dev.warren.client.wire.ErrorResponse.Validation;

import java.util.List;

/** 460: The SHA-256 of what arrived differs from the source's (the source changed, or bytes were damaged): the upload failed and nothing was written at the target path. */
public final class UploadChecksumException extends FileUploadException {
    /**
     * @param message  the sentence
     * @param detail   context
     * @param validations the fields at fault
     * @param uploadId the upload's id, or null
     */
    public UploadChecksumException(String message, String detail, List<Validation> validations, String uploadId) {
        super(460, message, detail, validations, null, null, uploadId);
    }
}
