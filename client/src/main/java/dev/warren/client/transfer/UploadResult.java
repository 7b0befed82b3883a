package dev.warren.client.transfer;

/**
 * A finished file upload.
 *
 * @param uploadId      the resumable upload's id; null for a direct upload
 * @param transport     {@code direct} or {@code resumable}
 * @param targetPath    the absolute path written in the space
 * @param bytesUploaded the bytes this call sent (after a resume, only what was left)
 * @param sha256        the SHA-256 of the whole content, lower-case hex
 */
public record UploadResult(String uploadId, String transport, String targetPath, long bytesUploaded, String sha256) {
    public static final String DIRECT = "direct";
    public static final String RESUMABLE = "resumable";
}
