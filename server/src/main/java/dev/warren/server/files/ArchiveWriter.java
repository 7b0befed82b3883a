package dev.warren.server.files;

import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Writes a directory (or one file or link) of a space as a tar stream (PAX for long names, large sizes and
 * non-ASCII names), member names relative to it, one directory listing and one file at a time: never whole in
 * memory. Links are stored as links; modes and modification times (whole seconds) are kept; devices, FIFOs and
 * sockets are left out.
 * A file's header goes out with its first bytes, so a file the space's user cannot read is left out rather than
 * breaking the stream; a file that changes while it is copied is cut or padded with zeros to the size it had when
 * listed (as tar does with a live tree).
 */
public final class ArchiveWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);

    private ArchiveWriter() {}

    /**
     * @param root a normalised absolute path that exists ({@code agent.stat} it first so a missing path is a clean
     *             404 before any byte is written)
     * @param out  where the tar goes; not closed (the tar's end-of-archive blocks are written)
     */
    public static void write(SpaceAgent agent, FileInfo root, OutputStream out) {
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new Unclosable(out),
                    StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            if (root.type() == FileType.DIRECTORY) {
                walk(agent, root.path(), tar);
            } else {
                member(agent, root, root.name(), tar, true);
            }
            tar.finish();
            tar.flush();
        } catch (IOException broken) {
            throw new UncheckedIOException("Writing the archive failed: " + broken.getMessage(), broken);
        }
    }

    private record Pending(String path, String relative) {}

    private static void walk(SpaceAgent agent, String root, TarArchiveOutputStream tar) throws IOException {
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, ""));
        boolean first = true;
        while (!pending.isEmpty()) {
            Pending directory = pending.pop();
            List<FileInfo> entries;
            try {
                entries = agent.list(directory.path(), 1);
            } catch (ForbiddenException | NotFoundException unreadable) {
                if (first) {
                    throw unreadable;
                }
                LOG.debug("Leaving {} out of the archive: {}", directory.path(), unreadable.getMessage());
                continue;
            }
            first = false;
            Deque<Pending> below = new ArrayDeque<>();
            for (FileInfo entry : entries) {
                String relative = directory.relative().isEmpty() ? entry.name()
                        : directory.relative() + "/" + entry.name();
                if (member(agent, entry, relative, tar, false) && entry.type() == FileType.DIRECTORY) {
                    below.push(new Pending(entry.path(), relative));
                }
            }
            below.forEach(pending::push); // the first subdirectory by name is walked first
        }
    }

    /** Writes one member; false when it was left out ({@code alone}: it is the whole archive, so it fails instead). */
    private static boolean member(SpaceAgent agent, FileInfo info, String name, TarArchiveOutputStream tar,
            boolean alone) throws IOException {
        TarArchiveEntry entry = switch (info.type()) {
            case DIRECTORY -> new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
            case SYMLINK -> {
                TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                link.setLinkName(info.symlinkTarget() == null ? "" : info.symlinkTarget());
                yield link;
            }
            case FILE -> new TarArchiveEntry(name, true);
            case OTHER -> null;
        };
        if (entry == null) {
            return false;
        }
        int typeBits = switch (info.type()) {
            case DIRECTORY -> 040000;
            case SYMLINK -> 0120000;
            default -> 0100000;
        };
        entry.setMode(typeBits | info.mode() & 07777);
        // whole seconds, as tar keeps them: a fractional time would cost every member an extra PAX header block
        entry.setLastModifiedTime(FileTime.from(info.modifiedAt().truncatedTo(ChronoUnit.SECONDS)));
        if (info.type() != FileType.FILE) {
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return true;
        }
        entry.setSize(info.size());
        return content(agent, info, entry, tar, alone);
    }

    /** The header goes out with the first chunk (or at the end for an empty file); see the class comment. */
    private static boolean content(SpaceAgent agent, FileInfo info, TarArchiveEntry entry,
            TarArchiveOutputStream tar, boolean alone) throws IOException {
        Member member = new Member(tar, entry);
        try {
            agent.read(info.path(), member);
        } catch (ForbiddenException | NotFoundException | ValidationException unreadable) {
            if (!member.started && alone) {
                throw unreadable;
            }
            if (!member.started) {
                LOG.debug("Leaving {} out of the archive: {}", info.path(), unreadable.getMessage());
                return false;
            }
            LOG.info("{} changed while it was archived: {}", info.path(), unreadable.getMessage());
        } catch (UncheckedIOException broken) {
            throw broken.getCause();
        }
        member.finish();
        return true;
    }

    /** One file's content into the tar: cut at the size in its header, padded with zeros up to it. */
    private static final class Member extends OutputStream {
        private final TarArchiveOutputStream tar;
        private final TarArchiveEntry entry;
        private long left;
        private boolean started;

        Member(TarArchiveOutputStream tar, TarArchiveEntry entry) {
            this.tar = tar;
            this.entry = entry;
            this.left = entry.getSize();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            start();
            int count = (int) Math.min(length, left);
            if (count > 0) {
                tar.write(bytes, offset, count);
                left -= count;
            }
        }

        void finish() throws IOException {
            start();
            byte[] zeros = new byte[8192];
            while (left > 0) {
                int count = (int) Math.min(zeros.length, left);
                tar.write(zeros, 0, count);
                left -= count;
            }
            tar.closeArchiveEntry();
        }

        private void start() throws IOException {
            if (!started) {
                started = true;
                tar.putArchiveEntry(entry);
            }
        }
    }

    /** The response stream is the caller's to close. */
    private static final class Unclosable extends FilterOutputStream {
        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
