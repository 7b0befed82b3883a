package dev.warren.client.archive;

import java.io.InputStream;
import java.time.Instant;

/**
 * Where {@link TarExtraction} puts the members it accepted, in archive order. Paths are relative to the destination,
 * normalised and already checked by {@link SafeArchivePaths}; parents may be missing (archives need not list
 * directories), so a sink creates them. Failures are the sink's own unchecked exceptions and end the extraction.
 */
public interface ArchiveSink {

    /** A directory ({@code mode}: permission bits, {@code 0777} at most). */
    void directory(String path, int mode, Instant modified);

    /**
     * A regular file; {@code content} yields exactly its {@code size} bytes and must not be closed.
     *
     * @param mode permission bits, {@code 0777} at most (set-id and sticky bits are dropped)
     */
    void file(String path, int mode, Instant modified, InputStream content, long size);

    /** A symbolic link whose target {@link SafeArchivePaths} found inside the destination. */
    void symlink(String path, String target, Instant modified);
}
