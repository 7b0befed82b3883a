package dev.warren.client.transfer;

/**
 * A finished directory upload: what the server extracted under {@code targetPath}.
 *
 * @param bytesUploaded the bytes of the tar this call sent (after a resume, only what was left)
 */
public record DirUploadResult(String uploadId, String targetPath, long fileCount, long directoryCount,
        long symlinkCount, long bytesUploaded) {}
