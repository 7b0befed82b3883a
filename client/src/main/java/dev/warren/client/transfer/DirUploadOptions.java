package dev.warren.client.transfer;

import dev.warren.client.wire.Files.ConflictPolicy;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a directory is uploaded (always as a resumable tar).
 *
 * @param ignorePatterns gitignore-style patterns applied after the source root's {@code .warrenignore}
 * @param conflict       what happens to existing content at the target: merge (default), replace or fail
 * @param chunkSize      bytes per resumable request (default 8 MiB)
 * @param progress       told of each phase and of the bytes as they go, or null
 */
public record DirUploadOptions(List<String> ignorePatterns, ConflictPolicy conflict, long chunkSize,
        Consumer<UploadProgress> progress) {

    public DirUploadOptions {
        ignorePatterns = List.copyOf(ignorePatterns);
        Objects.requireNonNull(conflict, "conflict");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("The chunk size must be at least 1 byte, not " + chunkSize + ".");
        }
    }

    /** No extra patterns, merge, 8 MiB chunks, no progress callback. */
    public static DirUploadOptions defaults() {
        return new DirUploadOptions(List.of(), ConflictPolicy.MERGE, UploadOptions.DEFAULT_CHUNK, null);
    }

    public DirUploadOptions withIgnorePatterns(List<String> patterns) {
        return new DirUploadOptions(patterns, conflict, chunkSize, progress);
    }

    public DirUploadOptions withConflict(ConflictPolicy policy) {
        return new DirUploadOptions(ignorePatterns, policy, chunkSize, progress);
    }

    public DirUploadOptions withChunkSize(long bytes) {
        return new DirUploadOptions(ignorePatterns, conflict, bytes, progress);
    }

    public DirUploadOptions withProgress(Consumer<UploadProgress> callback) {
        return new DirUploadOptions(ignorePatterns, conflict, chunkSize, callback);
    }
}
