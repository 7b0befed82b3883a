package dev.warren.client.transfer;

import dev.warren.client.WarrenException;
import dev.warren.client.wire.ErrorResponse.Validation;

import java.util.List;

/**
 * An upload failed. When it was resumable, {@link #uploadId()} names it: pass it with the same source to
 * {@code resumeUpload} to continue from the bytes the server holds (a broken connection is such a failure, with
 * {@link #status()} 0). The subclasses say why when the server did:
 * {@link UploadChecksumException} (460: the SHA-256 differs, nothing was written),
 * {@link UploadConflictException} (409: offset or conflict policy),
 * {@link UploadExpiredException} (410), {@link UploadLimitException} (413), {@link UploadPathException} (400 on the
 * path), {@link UploadStateException} (423: completed, failed, or the space is not running).
 * <pre>{@code
 * try {
 *     uploads.uploadFile(Path.of("model.bin"), "/data/model.bin", UploadOptions.defaults().forceResumable());
 * } catch (FileUploadException failed) {
 *     if (failed.uploadId() == null) throw failed;
 *     uploads.resumeUpload(failed.uploadId(), Path.of("model.bin"), null);
 * }
 * }</pre>
 */
public class FileUploadException extends WarrenException {
    private final String uploadId;

    /**
     * @param uploadId the resumable upload's id, or null (direct uploads, or failures before creation)
     */
    public FileUploadException(int status, String message, String detail, List<Validation> validations,
            String correlationId, Throwable cause, String uploadId) {
        super(status, message, detail, validations, correlationId, cause);
        this.uploadId = uploadId;
    }

    /** The resumable upload's id, for {@code resumeUpload}; null when there is nothing to resume. */
    public String uploadId() {
        return uploadId;
    }

    /**
     * The matching subclass for a failure {@code cause} of upload {@code uploadId} (null when none was created).
     */
    public static FileUploadException of(WarrenException cause, String uploadId) {
        if (cause instanceof FileUploadException upload && java.util.Objects.equals(upload.uploadId(), uploadId)) {
            return upload;
        }
        int status = cause.status();
        String message = cause.getMessage();
        String detail = cause.detail();
        List<Validation> validations = cause.validations();
        boolean onPath = validations.stream().anyMatch(v -> "path".equals(v.field()));
        return switch (status) {
            case 460 -> new UploadChecksumException(message, detail, validations, uploadId);
            case 409 -> new UploadConflictException(message, detail, uploadId);
            case 410 -> new UploadExpiredException(message, detail, uploadId);
            case 413 -> new UploadLimitException(message, detail, uploadId);
            case 423 -> new UploadStateException(message, detail, uploadId);
            case 400 -> onPath ? new UploadPathException(message, detail, validations, uploadId)
                    : new FileUploadException(400, message, detail, validations, null, cause, uploadId);
            default -> new FileUploadException(status, message, detail, validations, cause.correlationId(), cause,
                    uploadId);
        };
    }
}
