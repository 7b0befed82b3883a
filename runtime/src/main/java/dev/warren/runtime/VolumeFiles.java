package dev.warren.runtime;

import dev.warren.runtime.agent.FileInfo;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The files of one user volume, reached without starting a space ({@link SpaceRuntime#volumeFiles}). Paths are
 * absolute within the volume ({@code /} is its root) and never contain {@code ..}. Nothing ever leaves the volume:
 * every component is resolved without following links, a link is followed only when its target (relative) stays
 * inside, an absolute target or one climbing above the root is refused with a sentence, and write and remove never
 * follow a final link (remove deletes the link itself). Entries are reported as the volume holds them (links as
 * links). Blocking; thread-safe. Failures: {@link dev.warren.core.NotFoundException} for a missing path,
 * {@link dev.warren.core.ValidationException} (field {@code path}) for a refused path, a directory read as a file or
 * a link leading out, {@link dev.warren.core.ConflictException} when something is in the way.
 */
public interface VolumeFiles {

    /** The entry itself (a link is reported as a link). */
    FileInfo stat(String path);

    /** Entries under a directory, {@code depth} levels down (1: its children only); links are not descended. */
    List<FileInfo> list(String path, int depth);

    /** Streams a file to {@code out} (not closed), following links only while they stay inside the volume. */
    void read(String path, OutputStream out);

    /**
     * Streams {@code content} into the file, creating missing parent directories and replacing the file whole
     * (readers never see half of it). A link at {@code path} is refused, never written through.
     */
    void write(String path, InputStream content, int mode);

    /** Creates the directory and its missing parents. Idempotent. */
    void makeDirectories(String path);

    /** Removes a file, a link (not its target) or a directory with its content. The root cannot be removed. */
    void remove(String path);
}
