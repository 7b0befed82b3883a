package dev.warren.client.transfer;

/**
 * One progress event of an upload, as the seed's callbacks get them: {@code phase} is {@code preparing} (hashing the
 * source or building the archive), {@code uploading} (bytes going out), {@code verifying} (the last byte sent, the
 * server checks the SHA-256 and writes into the space) or {@code done}.
 *
 * @param bytesCompleted bytes the server has (or, while preparing, bytes read locally)
 * @param bytesTotal     the size of what is sent
 * @param transport      {@code direct} or {@code resumable}
 */
public record UploadProgress(String phase, long bytesCompleted, long bytesTotal, String transport) {
    public static final String PREPARING = "preparing";
    public static final String UPLOADING = "uploading";
    public static final String VERIFYING = "verifying";
    public static final String DONE = "done";
}
