package dev.warren.client;

import dev.warren.client.transfer.DirUploadOptions;
import dev.warren.client.transfer.DirectoryArchive;
import dev.warren.client.transfer.FileUploadException;
import dev.warren.client.transfer.IgnoreRules;
import dev.warren.client.transfer.UploadConflictException;
import dev.warren.client.transfer.UploadExpiredException;
import dev.warren.client.transfer.UploadProgress;
import dev.warren.client.transfer.UploadResult;
import dev.warren.client.transfer.UploadStateException;
import dev.warren.client.wire.Uploads;
import dev.warren.client.wire.Uploads.UploadInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resumable upload from the SDK's side: hash the source, create the upload, send it in chunks from the server's
 * offset, and on a resume check that the source is still what the upload began with. Not thread-safe (one per call).
 */
final class ResumableUpload {
    /** After a 409 the server's offset is asked and sending goes on from it, at most this many times in a row. */
    private static final int RESYNCS = 5;

    record Sent(String uploadId, long bytes, String sha256) {}

    private final TusClient tus;
    private final Progress progress;

    ResumableUpload(TusClient tus, Progress progress) {
        this.tus = tus;
        this.progress = progress;
    }

    Sent start(String space, UploadSource source, String target, Map<String, String> extra, long chunkSize) {
        UploadSource.Digest digest = digest(source);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("path", target);
        metadata.put("sha256", digest.sha256());
        metadata.putAll(extra);
        String id;
        try {
            id = tus.create(space, digest.length(), metadata);
        } catch (WarrenException failed) {
            throw FileUploadException.of(failed, null);
        }
        long sent = send(id, source, 0, digest.length(), chunkSize);
        return new Sent(id, sent, digest.sha256());
    }

    UploadResult resume(String id, Path local, DirUploadOptions options) {
        UploadInfo info;
        try {
            info = tus.info(id);
        } catch (WarrenException failed) {
            throw FileUploadException.of(failed, id);
        }
        switch (info.state()) {
            case "completed" -> {
                progress.tell(UploadProgress.DONE, info.length(), info.length());
                return new UploadResult(id, UploadResult.RESUMABLE, info.targetPath(), 0, info.sha256());
            }
            case "failed" -> throw new UploadStateException("The upload " + id + " failed and cannot be resumed: "
                    + info.error() + " Start a new upload.", "", id);
            case "expired" -> throw new UploadExpiredException("The upload " + id + " expired and its bytes were"
                    + " deleted on the server; start a new upload.", "", id);
            default -> { }
        }
        UploadSource source;
        if (Uploads.ARCHIVE.equals(info.kind())) {
            if (!Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
                throw new UploadStateException("The upload " + id + " is a directory upload; " + local
                        + " is not a directory.", "", id);
            }
            source = UploadSource.archive(DirectoryArchive.scan(local,
                    IgnoreRules.forDirectory(local, options.ignorePatterns())));
        } else {
            if (!Files.isRegularFile(local)) {
                throw new UploadStateException("The upload " + id + " is a file upload; " + local
                        + " is not a regular file.", "", id);
            }
            source = UploadSource.file(local);
        }
        UploadSource.Digest digest = digest(source);
        if (digest.length() != info.length() || !digest.sha256().equals(info.sha256())) {
            throw new UploadStateException("The source " + local + " is not what upload " + id + " began with ("
                    + digest.length() + " bytes, SHA-256 " + digest.sha256() + " instead of " + info.length()
                    + " bytes, " + info.sha256() + "): it changed since; start a new upload.", "", id);
        }
        long offset;
        try {
            offset = tus.offset(id);
        } catch (WarrenException failed) {
            throw FileUploadException.of(failed, id);
        }
        long sent = send(id, source, offset, info.length(), options.chunkSize());
        return new UploadResult(id, UploadResult.RESUMABLE, info.targetPath(), sent, digest.sha256());
    }

    private UploadSource.Digest digest(UploadSource source) {
        progress.tell(UploadProgress.PREPARING, 0, 0);
        try {
            UploadSource.Digest digest = UploadSource.digest(source,
                    read -> progress.tell(UploadProgress.PREPARING, read, 0));
            progress.tell(UploadProgress.PREPARING, digest.length(), digest.length());
            return digest;
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read the source: " + error.getMessage(), error);
        }
    }

    /**
     * Sends from {@code from} to the end in chunks; the request carrying the last byte completes the upload (or, when
     * the server already holds every byte, an empty one retries the completion). Returns the bytes sent.
     */
    private long send(String id, UploadSource source, long from, long length, long chunkSize) {
        long offset = from;
        long sent = 0;
        int resyncs = 0;
        progress.tell(UploadProgress.UPLOADING, offset, length);
        long bound = 2 * (length / chunkSize + 2) + RESYNCS; // each request moves forward, or is a bounded resync
        for (long request = 0; request < bound; request++) {
            long count = Math.min(chunkSize, length - offset);
            long before = offset;
            try (InputStream in = progress.counting(new Spool.Bounded(source.openAt(offset), count), offset,
                    length)) {
                offset = tus.patch(id, offset, in, count);
                resyncs = 0;
            } catch (WarrenException failed) {
                FileUploadException mapped = FileUploadException.of(failed, id);
                if (mapped instanceof UploadConflictException && resyncs++ < RESYNCS) {
                    // The server holds another offset (resume from it), or a broken PATCH of ours still holds the
                    // upload for a moment (wait a little, then ask again); otherwise the conflict is the answer.
                    pause(resyncs);
                    offset = serverOffset(id, mapped);
                    if (offset != before || resyncs < RESYNCS) {
                        continue;
                    }
                }
                throw mapped;
            } catch (IOException error) {
                throw new FileUploadException(0, "Reading the source failed: " + error.getMessage(), "", List.of(),
                        null, error, id);
            }
            sent += offset - before;
            if (before + count == length && offset == length) {
                progress.tell(UploadProgress.DONE, length, length);
                return sent;
            }
        }
        throw new FileUploadException(0, "The upload " + id + " made no progress; resume it later.", "", List.of(),
                null, null, id);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private long serverOffset(String id, FileUploadException conflict) {
        try {
            return tus.offset(id);
        } catch (WarrenException failed) {
            conflict.addSuppressed(failed);
            throw conflict;
        }
    }
}
