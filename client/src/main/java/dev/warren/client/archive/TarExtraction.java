package dev.warren.client.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads a tar stream (ustar, GNU or PAX; uncompressed) member by member and hands what {@link SafeArchivePaths}
 * accepts to an {@link ArchiveSink}. Streamed: one member's header in memory, content flows from the input to the
 * sink. Refused with an {@link ArchiveRefusedException}: hard links, character and block devices, FIFOs, sparse
 * files and other member types, more than {@link #MAX_MEMBERS} members, and a stream that is not a tar archive or
 * ends inside one. Set-id and sticky bits are dropped from modes.
 */
public final class TarExtraction {
    /** A bound on the members of one archive (each costs the sink at least one operation). */
    public static final long MAX_MEMBERS = 1_000_000;

    private TarExtraction() {}

    /**
     * Extracts {@code tar} (not closed) into {@code sink}. Members met before a refusal have already been written:
     * a caller that must not leave partial content extracts into a staging place first.
     */
    public static ArchiveCounts extract(InputStream tar, SafeArchivePaths rules, ArchiveSink sink) {
        long files = 0;
        long directories = 0;
        long symlinks = 0;
        long bytes = 0;
        long members = 0;
        TarArchiveInputStream in = new TarArchiveInputStream(new Unclosable(tar), StandardCharsets.UTF_8.name());
        try {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++members > MAX_MEMBERS) {
                    throw new ArchiveRefusedException("The archive has more than " + MAX_MEMBERS + " members.");
                }
                String name = entry.getName();
                refuseUnsupported(entry, name);
                String path = rules.member(name);
                Instant modified = entry.getLastModifiedTime().toInstant();
                if (entry.isSymbolicLink()) {
                    rules.link(path, entry.getLinkName());
                    sink.symlink(path, entry.getLinkName(), modified);
                    symlinks++;
                } else if (entry.isDirectory()) {
                    if (!path.isEmpty()) { // the root entry ("./") is the destination itself
                        sink.directory(path, entry.getMode() & 0777, modified);
                        directories++;
                    }
                } else {
                    if (path.isEmpty()) {
                        throw new ArchiveRefusedException("The archive's root entry '"
                                + SafeArchivePaths.shown(name) + "' is a file; it must be a directory.");
                    }
                    sink.file(path, entry.getMode() & 0777, modified, new Content(in), entry.getSize());
                    files++;
                    bytes += entry.getSize();
                }
            }
        } catch (IOException broken) {
            throw incomplete(broken);
        }
        rules.verifyLinks();
        return new ArchiveCounts(files, directories, symlinks, bytes);
    }

    private static void refuseUnsupported(TarArchiveEntry entry, String name) {
        String what = null;
        if (entry.isLink()) {
            what = "a hard link (to '" + SafeArchivePaths.shown(entry.getLinkName()) + "')";
        } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            what = "a device";
        } else if (entry.isFIFO()) {
            what = "a FIFO";
        } else if (entry.isSparse()) {
            what = "a sparse file";
        } else if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink()) {
            what = "of an unsupported type ('" + (char) entry.getLinkFlag() + "')";
        }
        if (what != null) {
            throw new ArchiveRefusedException("The archive member '" + SafeArchivePaths.shown(name) + "' is " + what
                    + "; archives may hold only files, directories and symbolic links.");
        }
    }

    private static ArchiveRefusedException incomplete(IOException broken) {
        return new ArchiveRefusedException("The body is not a complete tar archive: " + broken.getMessage());
    }

    /**
     * A member's content as the sink reads it: a tar stream that breaks is the archive's fault (a refusal), not the
     * sink's, so its failure is not an {@link IOException} the sink would wrap as its own. Not closable.
     */
    private static final class Content extends FilterInputStream {
        Content(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException broken) {
                throw incomplete(broken);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException broken) {
                throw incomplete(broken);
            }
        }

        @Override
        public void close() {
            // the tar stream goes on with the next member
        }
    }

    /** The tar stream is the caller's to close; sinks must not close it either. */
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
