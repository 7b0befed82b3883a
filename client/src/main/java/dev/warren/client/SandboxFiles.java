package dev.warren.client;

import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.transfer.DirUploadOptions;
import dev.warren.client.transfer.DirUploadResult;
import dev.warren.client.transfer.UploadOptions;
import dev.warren.client.transfer.UploadProgress;
import dev.warren.client.transfer.UploadResult;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Files.FileEvent;
import dev.warren.client.wire.Files.SearchResult;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A sandbox's files, the seed's {@code sandbox.files}: read, write, list, search, watch ({@link FilesApi}) and
 * uploads that pick direct or resumable transfer, directory uploads as tar, resumes and downloads
 * ({@link UploadsApi}). Paths are absolute; {@code /workspace} is the sandbox's working tree. Thread-safe.
 */
public final class SandboxFiles {
    private final FilesApi files;
    private final UploadsApi uploads;

    SandboxFiles(FilesApi files, UploadsApi uploads) {
        this.files = files;
        this.uploads = uploads;
    }

    public String read(String path) {
        return files.read(path);
    }

    public byte[] readBytes(String path) {
        return files.readBytes(path);
    }

    public InputStream readStream(String path) {
        return files.readStream(path);
    }

    public void write(String path, String content) {
        files.write(path, content);
    }

    public void write(String path, byte[] content) {
        files.write(path, content);
    }

    public void write(String path, InputStream content) {
        files.write(path, content);
    }

    public List<FileEntry> list(String path, int depth) {
        return files.list(path, depth);
    }

    public boolean exists(String path) {
        return files.exists(path);
    }

    public FileEntry stat(String path) {
        return files.stat(path);
    }

    /** @return false when the directory existed already */
    public boolean makeDir(String path) {
        return files.makeDir(path);
    }

    public void remove(String path) {
        files.remove(path);
    }

    public FileEntry rename(String from, String to) {
        return files.rename(from, to);
    }

    public SearchResult search(String path, String glob) {
        return files.search(path, glob);
    }

    /** Reports changes under {@code path} on a daemon thread until the handle is closed. */
    public FileWatchHandle watch(String path, boolean recursive, Consumer<FileEvent> listener) {
        return files.watch(path, recursive, listener);
    }

    /** Direct for small files, resumable (tus, SHA-256 checked) for large ones; remote null: /workspace/NAME. */
    public UploadResult uploadFile(Path local, String remote) {
        return uploads.uploadFile(local, remote);
    }

    public UploadResult uploadFile(Path local, String remote, UploadOptions options) {
        return uploads.uploadFile(local, remote, options);
    }

    /** A directory as a tar, honouring {@code .warrenignore}; symlinks kept; dot-directories not skipped. */
    public DirUploadResult uploadDir(Path localDir, String remote) {
        return uploads.uploadDir(localDir, remote);
    }

    public DirUploadResult uploadDir(Path localDir, String remote, DirUploadOptions options) {
        return uploads.uploadDir(localDir, remote, options);
    }

    /** Continues a resumable upload from the server's offset (the id is in the failure's exception). */
    public UploadResult resumeUpload(String uploadId, Path source, Consumer<UploadProgress> progress) {
        return uploads.resumeUpload(uploadId, source, progress);
    }

    public long downloadFile(String remotePath, Path localPath) {
        return files.downloadFile(remotePath, localPath);
    }

    public ArchiveCounts downloadDir(String remotePath, Path localDir) {
        return files.downloadDir(remotePath, localDir);
    }
}
