package dev.warren.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Files.FileEvent;
import dev.warren.client.wire.Files.FileList;
import dev.warren.client.wire.Files.MakeDirRequest;
import dev.warren.client.wire.Files.MakeDirResult;
import dev.warren.client.wire.Files.RenameRequest;
import dev.warren.client.wire.Files.SearchResult;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The files of one running space (a sandbox is a space): read and write, list, stat, mkdir, remove, rename, glob
 * search, watch, and whole directories as tar archives both ways. Obtained from {@link Warren#files(String)}.
 * <pre>{@code
 * FilesApi files = warren.files("web");
 * files.write("/workspace/hello.txt", "world");
 * for (FileEntry entry : files.list("/workspace", 2)) System.out.println(entry.path());
 * try (FileWatchHandle watch = files.watch("/workspace", true, event -> System.out.println(event))) { … }
 * files.downloadDir("/workspace/src", Path.of("src-copy"));
 * }</pre>
 * Paths are absolute paths in the space ({@code /workspace} is a sandbox's working tree); a relative one is refused
 * by the server (400, {@link WarrenException.ValidationFailed}). Other failures are the usual
 * {@link WarrenException}s: {@link WarrenException.NotFound} for a missing path (or a space the caller may not
 * use), {@link WarrenException.WrongState} when the space is not running, {@link WarrenException.Conflict} for a
 * file in the way. Immutable and thread-safe; sends no request until a method is called.
 */
public final class FilesApi {
    private final Transport transport;
    private final String space;
    private final String base;

    FilesApi(Transport transport, String space) {
        this.transport = transport;
        this.space = space;
        this.base = "/api/spaces/" + Transport.segment(space);
    }

    /** The space these files are in, as given (name or id). */
    public String space() {
        return space;
    }

    /**
     * Reads a text file.
     *
     * @param path an absolute path in the space
     * @return its content, decoded as UTF-8
     */
    public String read(String path) {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    /**
     * Reads a file's bytes (held in memory: use {@link #readStream(String)} or {@link #downloadFile} for large ones).
     *
     * @param path an absolute path in the space
     */
    public byte[] readBytes(String path) {
        try (InputStream in = readStream(path)) {
            return in.readAllBytes();
        } catch (IOException error) {
            throw new WarrenException.Unreachable("Reading " + path + " from " + space + " failed: "
                    + error.getMessage(), error);
        }
    }

    /**
     * Opens a file for streaming; the caller closes the stream. A missing file fails here, before any byte.
     *
     * @param path an absolute path in the space
     */
    public InputStream readStream(String path) {
        return transport.download(files("", path));
    }

    /**
     * Writes a text file (UTF-8), creating it and its parent directories or replacing it whole (readers never see
     * part of it).
     *
     * @param path    an absolute path in the space
     * @param content the new content
     */
    public void write(String path, String content) {
        write(path, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes to a file, creating or replacing it.
     *
     * @param path    an absolute path in the space
     * @param content the new content
     */
    public void write(String path, byte[] content) {
        transport.upload(files("", path), BodyPublishers.ofByteArray(Objects.requireNonNull(content, "content")));
    }

    /**
     * Streams {@code content} (read to its end, not closed) into a file, creating or replacing it.
     *
     * @param path    an absolute path in the space
     * @param content the bytes to write
     */
    public void write(String path, InputStream content) {
        Objects.requireNonNull(content, "content");
        transport.upload(files("", path), BodyPublishers.ofInputStream(() -> new Unclosable(content)));
    }

    /**
     * The entries directly in a directory.
     *
     * @param path an absolute path of a directory
     */
    public List<FileEntry> list(String path) {
        return list(path, 1);
    }

    /**
     * The entries under a directory, {@code depth} levels down (1: its children; at most the server's maximum, 10 by
     * default), depth-first with each directory's entries by name. Links are listed, not followed.
     *
     * @param path  an absolute path of a directory
     * @param depth how many levels, at least 1
     */
    public List<FileEntry> list(String path, int depth) {
        return transport.call("GET", files("/list", path) + "&depth=" + depth, null, FileList.class).entries();
    }

    /**
     * Whether anything (a file, a directory, a link — even a dangling one) is at {@code path}.
     *
     * @param path an absolute path in the space
     */
    public boolean exists(String path) {
        try {
            stat(path);
            return true;
        } catch (WarrenException.NotFound missing) {
            return false;
        }
    }

    /**
     * The entry at {@code path}, not following a link.
     *
     * @param path an absolute path in the space
     * @throws WarrenException.NotFound when nothing is there
     */
    public FileEntry stat(String path) {
        return transport.call("GET", files("/stat", path), null, FileEntry.class);
    }

    /**
     * Creates a directory and its missing parents.
     *
     * @param path an absolute path in the space
     * @return true when it was created, false when it already existed
     * @throws WarrenException.Conflict when a file is in the way
     */
    public boolean makeDir(String path) {
        return transport.call("POST", base + "/files/mkdir", new MakeDirRequest(path), MakeDirResult.class)
                .created();
    }

    /**
     * Removes a file, a link (not its target) or a directory with everything in it.
     *
     * @param path an absolute path in the space (not {@code /})
     * @throws WarrenException.NotFound when nothing is there
     */
    public void remove(String path) {
        transport.call("DELETE", files("", path), null, Void.class);
    }

    /**
     * Moves {@code from} to {@code to}, replacing a file at {@code to} and creating its parent directories.
     *
     * @return the entry now at {@code to}
     */
    public FileEntry rename(String from, String to) {
        return transport.call("POST", base + "/files/rename", new RenameRequest(from, to), FileEntry.class);
    }

    /**
     * Finds the entries under a directory whose path relative to it matches a glob: {@code *} and {@code ?} within
     * one name, {@code [a-z]} / {@code [!a-z]} sets, {@code **} for any number of directories ({@code **}{@code /*.java}
     * finds Java files at any depth; {@code *.java} only directly in {@code path}). Dot-files match like others.
     *
     * @param path an absolute path of a directory
     * @param glob the pattern, relative to {@code path}
     * @return the matches in walk order, and whether there were more than the server answers with (10,000)
     */
    public SearchResult search(String path, String glob) {
        return transport.call("GET", files("/search", path) + "&glob=" + Transport.query(Objects.requireNonNull(glob,
                "glob")), null, SearchResult.class);
    }

    /**
     * Watches {@code path} for changes and calls {@code listener} for each (create, write, remove, rename — the old
     * path, followed by a create of the new one — and chmod), in order, on a daemon thread of the watch's own.
     * Returns once the watch is in place: a change made after this returns is reported.
     *
     * @param path      an absolute path of a directory (or file)
     * @param recursive also the directories below it, including ones created later
     * @param listener  receives changes only (the stream's keepalive lines are not passed on)
     * @return the running watch; close it to stop
     */
    public FileWatchHandle watch(String path, boolean recursive, Consumer<FileEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        InputStream body = transport.stream("GET", files("/watch", path) + "&recursive=" + recursive, null);
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String what = path + " in " + space;
        try {
            String first = lines.readLine();
            FileEvent ready = first == null ? null : transport.json().readValue(first, FileEvent.class);
            if (ready == null || !"ready".equals(ready.type())) {
                throw new WarrenException.StreamBroken("The watch of " + what + " did not start: "
                        + (ready == null ? "the server closed it." : ready.message()), null);
            }
        } catch (JsonProcessingException notAnEvent) {
            closeQuietly(body);
            throw new WarrenException.StreamBroken("The watch of " + what + " sent a line that is not an event.",
                    notAnEvent);
        } catch (IOException broken) {
            closeQuietly(body);
            throw new WarrenException.StreamBroken("The watch of " + what + " broke before it started: "
                    + broken.getMessage(), broken);
        } catch (RuntimeException failed) {
            closeQuietly(body);
            throw failed;
        }
        return FileWatchHandle.start(body, lines, transport.json(), what, listener);
    }

    /**
     * Copies a file of the space to a local file, replacing it only once the copy is complete (streamed, never
     * whole in memory).
     *
     * @param remotePath an absolute path of a file in the space
     * @param localPath  the local file to write
     * @return the number of bytes copied
     */
    public long downloadFile(String remotePath, Path localPath) {
        return LocalDownloads.toFile(remotePath, () -> readStream(remotePath), localPath);
    }

    /**
     * Downloads a directory of the space as a tar stream and extracts it under a local directory (created when
     * missing; files already there are replaced, others kept), with the same safety rules the server applies to
     * uploads: no absolute or {@code ..} member, no hard link or device, no link leading outside {@code localDir},
     * nothing written through a link. Links stay links; modes and modification times are kept. A remote file (not a
     * directory) arrives as {@code localDir/<its name>}.
     *
     * @param remotePath an absolute path in the space
     * @param localDir   the local directory to extract into
     * @return what was written
     * @throws dev.warren.client.archive.ArchiveRefusedException when the archive breaks a rule (members before it
     *                                                           are already written)
     */
    public ArchiveCounts downloadDir(String remotePath, Path localDir) {
        return LocalDownloads.toDirectory(remotePath + " from " + space, () -> openArchive(remotePath), localDir);
    }

    /**
     * Opens {@code remotePath} (a directory, file or link) as a tar stream; the caller closes it.
     *
     * @param remotePath an absolute path in the space
     */
    public InputStream openArchive(String remotePath) {
        return transport.download(base + "/archive?path=" + Transport.query(requirePath(remotePath)));
    }

    /**
     * Extracts a tar stream (read to its end, not closed) into a directory of the space, created when missing. The
     * server refuses (400, nothing written) archives with absolute or {@code ..} members, hard links, devices, FIFOs
     * or links leading outside {@code destination}.
     *
     * @param tar         an uncompressed tar stream
     * @param destination an absolute path of a directory in the space
     * @param policy      what happens to content already there: {@code MERGE} (the archive's files replace those at
     *                    the same paths, the rest stays), {@code REPLACE} (the result is exactly the archive) or
     *                    {@code FAIL} (409 unless the destination is missing or empty)
     * @return the counts of what was extracted
     */
    public ArchiveResult extractArchive(InputStream tar, String destination, ConflictPolicy policy) {
        Objects.requireNonNull(tar, "tar");
        Objects.requireNonNull(policy, "policy");
        return transport.sendRaw("POST", base + "/archive?path=" + Transport.query(requirePath(destination))
                        + "&conflict=" + policy.wireName(), BodyPublishers.ofInputStream(() -> new Unclosable(tar)),
                "application/x-tar", ArchiveResult.class);
    }

    private String files(String operation, String path) {
        return base + "/files" + operation + "?path=" + Transport.query(requirePath(path));
    }

    private static String requirePath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("A path in the space is required, such as /workspace.");
        }
        return path;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    /** The caller's stream is theirs to close; the HTTP client closes what it reads from. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // not ours
        }
    }
}
