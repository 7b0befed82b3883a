package dev.warren.client;

import dev.warren.client.transfer.DirUploadOptions;
import dev.warren.client.transfer.DirUploadResult;
import dev.warren.client.transfer.DirectoryArchive;
import dev.warren.client.transfer.FileUploadException;
import dev.warren.client.transfer.IgnoreRules;
import dev.warren.client.transfer.UploadExpiredException;
import dev.warren.client.transfer.UploadOptions;
import dev.warren.client.transfer.UploadPathException;
import dev.warren.client.transfer.UploadProgress;
import dev.warren.client.transfer.UploadResult;
import dev.warren.client.transfer.UploadStateException;
import dev.warren.client.wire.ErrorResponse.Validation;
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
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Uploads into one space, as the seed's {@code files.upload_file / upload / upload_dir / resume_upload}: small
 * files of known length go directly ({@code PUT /files}), larger ones resumably (tus 1.0, chunked, the SHA-256
 * verified by the server before anything is written), directories as a resumable tar honouring {@code .warrenignore}.
 * <pre>{@code
 * UploadsApi uploads = warren.uploads("my-space");
 * UploadResult result = uploads.uploadFile(Path.of("dist/app.tar.gz"), null, UploadOptions.defaults());
 * System.out.println(result.transport() + " " + result.targetPath() + " " + result.bytesUploaded());
 * }</pre>
 * Every method blocks until the upload is done. Failures are {@link FileUploadException}s (their
 * {@code uploadId()} set once a resumable upload exists, so {@link #resumeUpload} can continue it); bad local input
 * is an {@link IllegalArgumentException} or {@link UncheckedIOException}. Progress callbacks run on the calling
 * thread or the HTTP client's. Thread-safe (each call is independent).
 */
public final class UploadsApi {
    /** Where uploads without a remote path go, as in the seed's path contract. */
    public static final String DEFAULT_DIRECTORY = "/workspace/";

    private final Transport transport;
    private final TusClient tus;
    private final String space;

    UploadsApi(Transport transport, String space) {
        if (space == null || space.isBlank()) {
            throw new IllegalArgumentException("A space name or id is required.");
        }
        this.transport = transport;
        this.tus = new TusClient(transport);
        this.space = space;
    }

    /**
     * Uploads a local file.
     *
     * @param local   the file to send
     * @param remote  the absolute path in the space; null for {@code /workspace/<file name>}
     * @param options transport choice, chunk size, mode, progress
     * @return what was sent and where it went
     */
    public UploadResult uploadFile(Path local, String remote, UploadOptions options) {
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(local)) {
            throw new IllegalArgumentException("The local file " + local + " does not exist or is not a regular file.");
        }
        String target = target(remote, local);
        long size = size(local);
        boolean resumable = options.resumable() != null ? options.resumable() : size > options.directThreshold();
        Progress progress = new Progress(options.progress(), resumable ? UploadResult.RESUMABLE : UploadResult.DIRECT);
        if (!resumable) {
            try (InputStream in = Files.newInputStream(local)) {
                return DirectUpload.send(transport, space, target, in, size, options.mode(), progress);
            } catch (IOException error) {
                throw new UncheckedIOException("Cannot read " + local + ": " + error.getMessage(), error);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("kind", Uploads.FILE);
        if (options.mode() != null) {
            metadata.put("mode", Integer.toOctalString(options.mode()));
        }
        ResumableUpload.Sent sent = resumable(UploadSource.file(local), target, metadata, options.chunkSize(),
                progress);
        return new UploadResult(sent.uploadId(), UploadResult.RESUMABLE, target, sent.bytes(), sent.sha256());
    }

    /** {@link #uploadFile(Path, String, UploadOptions)} with the default options. */
    public UploadResult uploadFile(Path local, String remote) {
        return uploadFile(local, remote, UploadOptions.defaults());
    }

    /**
     * Uploads {@code length} bytes read from {@code content} (not closed). Up to the direct threshold (or when forced
     * direct) they are streamed in one request; a larger resumable upload is first spooled to a temporary file
     * (the SHA-256 must be known before the first byte is sent, and a resume needs the bytes again): a failure then
     * keeps that file and names it in the exception's detail, so {@link #resumeUpload} can replay it.
     *
     * @param remote the absolute path in the space (required: a stream has no name)
     */
    public UploadResult upload(InputStream content, long length, String remote, UploadOptions options) {
        Objects.requireNonNull(content, "content");
        if (remote == null) {
            throw new UploadPathException("A stream has no file name: give the absolute path to write in the space.",
                    "", List.of(new Validation("path", "required")), null);
        }
        if (length < 0) {
            throw new IllegalArgumentException("The length must be known and not negative, not " + length + ".");
        }
        boolean resumable = options.resumable() != null ? options.resumable() : length > options.directThreshold();
        if (!resumable) {
            Progress progress = new Progress(options.progress(), UploadResult.DIRECT);
            return DirectUpload.send(transport, space, target(remote, null), content, length, options.mode(), progress);
        }
        Path spool = Spool.copy(content, length);
        UploadResult result;
        try {
            result = uploadFile(spool, remote, options.forceResumable());
        } catch (FileUploadException failed) {
            if (failed.uploadId() == null) {
                Spool.delete(spool);
                throw failed;
            }
            throw new FileUploadException(failed.status(), failed.getMessage(), (failed.detail().isEmpty() ? ""
                    : failed.detail() + " ") + "The content is kept in " + spool + " to resume from.",
                    failed.validations(), failed.correlationId(), failed, failed.uploadId());
        }
        Spool.delete(spool);
        return result;
    }

    /**
     * Uploads a local directory as a tar, resumably, into {@code remote} (created if missing).
     *
     * @param remote the absolute directory in the space; null for {@code /workspace/<directory name>}
     * @return the counts the server extracted
     */
    public DirUploadResult uploadDir(Path localDir, String remote, DirUploadOptions options) {
        Objects.requireNonNull(options, "options");
        String target = target(remote, localDir);
        Progress progress = new Progress(options.progress(), UploadResult.RESUMABLE);
        DirectoryArchive archive = DirectoryArchive.scan(localDir,
                IgnoreRules.forDirectory(localDir, options.ignorePatterns()));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("kind", Uploads.ARCHIVE);
        metadata.put("conflict", options.conflict().wireName());
        ResumableUpload.Sent sent = resumable(UploadSource.archive(archive), target, metadata, options.chunkSize(),
                progress);
        return dirResult(sent.uploadId(), target, sent.bytes(), archive);
    }

    /** {@link #uploadDir(Path, String, DirUploadOptions)} with the default options (merge, no extra patterns). */
    public DirUploadResult uploadDir(Path localDir, String remote) {
        return uploadDir(localDir, remote, DirUploadOptions.defaults());
    }

    /**
     * Continues an interrupted resumable upload from the bytes the server holds, reading the same {@code source}
     * again: the file, or the directory (its tar is built anew, so it must not have changed; give the same ignore
     * patterns as the first call through {@link #resumeUpload(String, Path, DirUploadOptions)}).
     *
     * @throws UploadStateException when the upload failed or completed with other content, or the source changed
     * @throws UploadExpiredException when the server dropped it
     */
    public UploadResult resumeUpload(String uploadId, Path source, Consumer<UploadProgress> progress) {
        return resumeUpload(uploadId, source, DirUploadOptions.defaults().withProgress(progress));
    }

    /** The same, with the ignore patterns (and chunk size) of a directory upload. */
    public UploadResult resumeUpload(String uploadId, Path source, DirUploadOptions options) {
        return new ResumableUpload(tus, new Progress(options.progress(), UploadResult.RESUMABLE))
                .resume(uploadId, source, options);
    }

    /** The upload as the server sees it ({@code GET /api/uploads/{id}}). */
    public UploadInfo get(String uploadId) {
        try {
            return tus.info(uploadId);
        } catch (WarrenException failed) {
            throw FileUploadException.of(failed, uploadId);
        }
    }

    /** The caller's uploads, newest first (every space's). */
    public List<UploadInfo> list() {
        return tus.list();
    }

    /** Abandons an upload: the server deletes it and its bytes. */
    public void cancel(String uploadId) {
        try {
            tus.delete(uploadId);
        } catch (WarrenException failed) {
            throw FileUploadException.of(failed, uploadId);
        }
    }

    private ResumableUpload.Sent resumable(UploadSource source, String target, Map<String, String> metadata,
            long chunkSize, Progress progress) {
        return new ResumableUpload(tus, progress).start(space, source, target, metadata, chunkSize);
    }

    static DirUploadResult dirResult(String uploadId, String target, long bytes, DirectoryArchive archive) {
        return new DirUploadResult(uploadId, target, archive.fileCount(), archive.directoryCount(),
                archive.symlinkCount(), bytes);
    }

    private static String target(String remote, Path local) {
        String target = remote != null ? remote
                : DEFAULT_DIRECTORY + local.toAbsolutePath().normalize().getFileName();
        if (!target.startsWith("/")) {
            throw new UploadPathException("The remote path must be absolute, such as /workspace/file.bin, not '"
                    + target + "'.", "", List.of(new Validation("path", "must be absolute")), null);
        }
        return target;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read " + file + ": " + error.getMessage(), error);
        }
    }

    static boolean isDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }
}
