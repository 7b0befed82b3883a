package dev.warren.client.wire;

import java.time.Instant;
import java.util.List;

/**
 * Resumable uploads (tus 1.0 at {@code /api/uploads}): the JSON views of an upload. The bytes travel as tus PATCH
 * bodies; creation takes its parameters as tus headers ({@code Upload-Length}, {@code Upload-Metadata}), so there
 * is no request record.
 */
public final class Uploads {
    private Uploads() {}

    /** The {@code kind} metadata values. */
    public static final String FILE = "file";
    public static final String ARCHIVE = "archive";

    /**
     * One upload as {@code GET /api/uploads/{id}} shows it.
     *
     * @param state      {@code uploading | completed | failed | expired}
     * @param offset     the bytes the server holds (the tus {@code Upload-Offset})
     * @param error      why it failed, or why its last completion attempt did not go through; null otherwise
     * @param result     what completing it wrote into the space; null until it completed
     * @param expiresAt  when it is dropped if nothing more arrives (null once it is no longer uploading)
     */
    public record UploadInfo(String id, String spaceId, String targetPath, String kind, String conflict, long length,
            long offset, String sha256, String state, String error, UploadOutcome result, Instant createdAt,
            Instant updatedAt, Instant expiresAt) {}

    /**
     * What a completed upload wrote: for a file, one file of {@code bytes}; for an archive, the counts of what was
     * extracted under {@code target_path}.
     */
    public record UploadOutcome(String targetPath, long bytes, long fileCount, long directoryCount,
            long symlinkCount) {}

    /** {@code GET /api/uploads}: the caller's uploads, newest first. */
    public record UploadList(List<UploadInfo> uploads) {}
}
