package dev.warren.client;

import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Files.FileList;
import dev.warren.client.wire.Files.MakeDirRequest;
import dev.warren.client.wire.Files.MakeDirResult;
import dev.warren.client.wire.Volumes.DownloadUrl;
import dev.warren.client.wire.Volumes.DownloadUrlRequest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A volume's files, directly (no sandbox is started). Paths are absolute within the volume ({@code /} is its root)
 * and never contain {@code ..}; a symbolic link is followed only while it stays inside the volume (one pointing out,
 * such as to {@code /etc}, is refused with {@link WarrenException.ValidationFailed}), writes never go through a link,
 * and archives keep links as links. {@link #downloadDir} extracts with the same safety as a sandbox's (nothing lands
 * outside the local directory). Thread-safe; sends no request until a method is called.
 */
public final class VolumeFilesApi {
    private final Transport transport;
    private final String volume;
    private final String base;

    VolumeFilesApi(Transport transport, String volume) {
        this.transport = transport;
        this.volume = volume;
        this.base = VolumesApi.path(volume);
    }

    /** Entries directly under {@code path}. */
    public List<FileEntry> list(String path) {
        return list(path, 1);
    }

    /** Entries under {@code path}, {@code depth} levels down (1..32); links are listed, not descended. */
    public List<FileEntry> list(String path, int depth) {
        return transport.call("GET", base + "/files/list?path=" + Transport.query(path) + "&depth=" + depth, null,
                FileList.class).entries();
    }

    /** A text file's content (UTF-8). */
    public String read(String path) {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    /** A file's bytes, held in memory (use {@link #readStream} or {@link #downloadFile} for large ones). */
    public byte[] readBytes(String path) {
        try (InputStream in = readStream(path)) {
            return in.readAllBytes();
        } catch (IOException error) {
            throw new WarrenException.Unreachable("Reading " + path + " from volume " + volume + " failed: "
                    + error.getMessage(), error);
        }
    }

    /** Opens a file for streaming; the caller closes it. A missing file fails here, before any byte. */
    public InputStream readStream(String path) {
        return transport.download(base + "/files?path=" + Transport.query(path));
    }

    /** Writes a text file (UTF-8), creating parent directories; replaces the file whole. */
    public void write(String path, String content) {
        write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public void write(String path, byte[] content) {
        transport.upload(base + "/files?path=" + Transport.query(path), BodyPublishers.ofByteArray(content));
    }

    /** Streams {@code content} into the file (read to its end, not closed). */
    public void write(String path, InputStream content) {
        transport.upload(base + "/files?path=" + Transport.query(path), BodyPublishers.ofInputStream(() -> content));
    }

    /** Creates the directory and its parents; true when it did not exist. */
    public boolean makeDir(String path) {
        return transport.call("POST", base + "/files/mkdir", new MakeDirRequest(path), MakeDirResult.class).created();
    }

    /** Removes a file, a link (not its target) or a directory with its content. */
    public void remove(String path) {
        transport.call("DELETE", base + "/files?path=" + Transport.query(path), null, Void.class);
    }

    /** Uploads a local file to {@code remotePath} (streamed; parents created). */
    public void uploadFile(Path localPath, String remotePath) {
        try {
            transport.upload(base + "/files?path=" + Transport.query(remotePath), BodyPublishers.ofFile(localPath));
        } catch (FileNotFoundException missing) {
            throw new UncheckedIOException("Cannot read " + localPath + ": " + missing.getMessage(), missing);
        }
    }

    /** Downloads a file to {@code localPath} (written to a temporary file first, then moved); returns its size. */
    public long downloadFile(String remotePath, Path localPath) {
        return LocalDownloads.toFile(remotePath, () -> readStream(remotePath), localPath);
    }

    /**
     * Downloads a directory of the volume (as a tar stream) into {@code localDir}, created when missing. Members
     * that would land outside it, hard links and devices are refused
     * ({@link dev.warren.client.archive.ArchiveRefusedException}).
     */
    public ArchiveCounts downloadDir(String remotePath, Path localDir) {
        return LocalDownloads.toDirectory(remotePath + " from volume " + volume, () -> openArchive(remotePath),
                localDir);
    }

    /** A directory, file or link of the volume as a tar stream; the caller closes it. */
    public InputStream openArchive(String remotePath) {
        return transport.download(base + "/files/archive?path=" + Transport.query(remotePath));
    }

    /**
     * A link that downloads one file without credentials until it expires ({@code ttl}: 1 s to 1 day); anyone holding
     * it can download the file, so hand it out like a password.
     */
    public URI downloadUrl(String path, Duration ttl) {
        DownloadUrl url = transport.call("POST", base + "/download-urls",
                new DownloadUrlRequest(path, Math.max(1, ttl.toSeconds())), DownloadUrl.class);
        return transport.server().resolve(url.url());
    }
}
