package dev.warren.client.transfer;

import dev.warren.client.wire.ErrorResponse.Validation;

import java.util.List;

/** 400: The target path is not usable: relative, or otherwise refused (the validation names {@code path}). */
public final class UploadPathException extends FileUploadException {
    /**
     * @param message  the sentence
     * @param detail   context
     * @param validations the fields at fault
     * @param uploadId the upload's id, or null
     */
    public UploadPathException(String message, String detail, List<Validation> validations, String uploadId) {
        super(400, message, detail, validations, null, null, uploadId);
    }
}
