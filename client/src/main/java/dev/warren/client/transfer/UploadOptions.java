package dev.warren.client.transfer;

import java.util.function.Consumer;

/**
 * How a file is uploaded. {@code resumable}: null picks by size (a known length up to {@code directThreshold} goes
 * directly in one request, larger ones resumably), true or false forces. Immutable; the {@code with…} methods
 * return copies.
 *
 * @param chunkSize       bytes per resumable request (default 8 MiB)
 * @param directThreshold the largest size sent directly when not forced (default 8 MiB)
 * @param mode            the file's permission bits in the space, or null for 0644
 * @param progress        told of each phase and of the bytes as they go, or null
 */
public record UploadOptions(Boolean resumable, long chunkSize, long directThreshold, Integer mode,
        Consumer<UploadProgress> progress) {
    public static final long DEFAULT_CHUNK = 8L << 20;
    public static final long DEFAULT_DIRECT_THRESHOLD = 8L << 20;

    public UploadOptions {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("The chunk size must be at least 1 byte, not " + chunkSize + ".");
        }
        if (directThreshold < 0) {
            throw new IllegalArgumentException("The direct threshold must not be negative.");
        }
        if (mode != null && (mode < 0 || mode > 07777)) {
            throw new IllegalArgumentException("The mode must be between 0 and 07777, not " + mode + ".");
        }
    }

    /** Picks the transport by size, 8 MiB chunks, no progress callback. */
    public static UploadOptions defaults() {
        return new UploadOptions(null, DEFAULT_CHUNK, DEFAULT_DIRECT_THRESHOLD, null, null);
    }

    /** Always resumable (tus), whatever the size. */
    public UploadOptions forceResumable() {
        return new UploadOptions(true, chunkSize, directThreshold, mode, progress);
    }

    /** Always one direct request (needs no upload id; cannot be resumed). */
    public UploadOptions forceDirect() {
        return new UploadOptions(false, chunkSize, directThreshold, mode, progress);
    }

    public UploadOptions withChunkSize(long bytes) {
        return new UploadOptions(resumable, bytes, directThreshold, mode, progress);
    }

    public UploadOptions withDirectThreshold(long bytes) {
        return new UploadOptions(resumable, chunkSize, bytes, mode, progress);
    }

    public UploadOptions withMode(int bits) {
        return new UploadOptions(resumable, chunkSize, directThreshold, bits, progress);
    }

    public UploadOptions withProgress(Consumer<UploadProgress> callback) {
        return new UploadOptions(resumable, chunkSize, directThreshold, mode, callback);
    }
}
