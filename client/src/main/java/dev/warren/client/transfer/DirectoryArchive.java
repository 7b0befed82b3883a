package dev.warren.client.transfer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A local directory as the tar a directory upload sends: every entry the {@link IgnoreRules} keep, in sorted order,
 * symlinks stored as symlinks (never followed), dot-directories included, modes and whole-second mtimes kept, owner
 * fields empty. The same unchanged directory always gives the same bytes, so an interrupted upload can be resumed by
 * building the tar again and skipping what the server holds (a changed directory shows as a different SHA-256 at the
 * end). Scanned once when built; files are read when the tar is written. Immutable.
 */
public final class DirectoryArchive {
    /** One entry: {@code path} relative to the root, {@code /}-separated; {@code linkTarget} for symlinks. */
    public record Entry(String path, Type type, long size, int mode, long modifiedSeconds, String linkTarget) {}

    /** What an entry is. */
    public enum Type { DIRECTORY, FILE, SYMLINK }

    private final Path root;
    private final List<Entry> entries;

    private DirectoryArchive(Path root, List<Entry> entries) {
        this.root = root;
        this.entries = List.copyOf(entries);
    }

    /**
     * Scans {@code root} (not following symlinks), leaving out what {@code rules} ignore and not entering ignored
     * directories.
     *
     * @throws IllegalArgumentException when {@code root} is not a directory, or holds a FIFO, socket or device (say
     *                                  it in an ignore pattern to leave it out)
     */
    public static DirectoryArchive scan(Path root, IgnoreRules rules) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("The local path " + root + " is not a directory.");
        }
        List<Entry> entries = new ArrayList<>();
        try {
            walk(root, "", rules, entries);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read " + root + ": " + error.getMessage(), error);
        }
        return new DirectoryArchive(root, entries);
    }

    private static void walk(Path directory, String prefix, IgnoreRules rules, List<Entry> entries)
            throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String relative = prefix + child.getFileName();
            PosixFileAttributes attributes = Files.readAttributes(child, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            boolean isDirectory = attributes.isDirectory();
            if (rules.ignores(relative, isDirectory)) {
                continue;
            }
            int mode = mode(attributes.permissions());
            long mtime = attributes.lastModifiedTime().to(TimeUnit.SECONDS);
            if (attributes.isSymbolicLink()) {
                entries.add(new Entry(relative, Type.SYMLINK, 0, mode, mtime,
                        Files.readSymbolicLink(child).toString()));
            } else if (isDirectory) {
                entries.add(new Entry(relative, Type.DIRECTORY, 0, mode, mtime, null));
                walk(child, relative + "/", rules, entries);
            } else if (attributes.isRegularFile()) {
                entries.add(new Entry(relative, Type.FILE, attributes.size(), mode, mtime, null));
            } else {
                throw new IllegalArgumentException("The local path " + child + " is a FIFO, socket or device, which"
                        + " an upload cannot carry; leave it out with an ignore pattern such as '" + relative + "'.");
            }
        }
    }

    /** The entries, in tar order. */
    public List<Entry> entries() {
        return entries;
    }

    public long fileCount() {
        return entries.stream().filter(e -> e.type() == Type.FILE).count();
    }

    public long directoryCount() {
        return entries.stream().filter(e -> e.type() == Type.DIRECTORY).count();
    }

    public long symlinkCount() {
        return entries.stream().filter(e -> e.type() == Type.SYMLINK).count();
    }

    /** The bytes of the files' contents (the tar is larger: headers and padding). */
    public long contentBytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    /**
     * Writes the tar to {@code out} (not closed).
     *
     * @throws IOException when a file cannot be read or changed size since the scan
     */
    public void writeTo(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosing(out), "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Entry entry : entries) {
            TarArchiveEntry header = switch (entry.type()) {
                case DIRECTORY -> new TarArchiveEntry(entry.path() + "/");
                case FILE -> new TarArchiveEntry(entry.path());
                case SYMLINK -> {
                    TarArchiveEntry link = new TarArchiveEntry(entry.path(), TarConstants.LF_SYMLINK);
                    link.setLinkName(entry.linkTarget());
                    yield link;
                }
            };
            header.setMode(modeWithType(entry));
            header.setModTime(FileTime.from(entry.modifiedSeconds(), TimeUnit.SECONDS));
            header.setUserId(0);
            header.setGroupId(0);
            header.setUserName("");
            header.setGroupName("");
            if (entry.type() == Type.FILE) {
                header.setSize(entry.size());
            }
            tar.putArchiveEntry(header);
            if (entry.type() == Type.FILE) {
                copy(root.resolve(entry.path()), entry, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    private static void copy(Path file, Entry entry, OutputStream out) throws IOException {
        long copied;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            copied = in.transferTo(new Bounded(out, entry.size(), file));
        }
        if (copied != entry.size()) {
            throw new IOException("The local file " + file + " changed size while it was being uploaded (" + copied
                    + " bytes instead of " + entry.size() + ").");
        }
    }

    private static int modeWithType(Entry entry) {
        int type = switch (entry.type()) {
            case DIRECTORY -> 0040000;
            case FILE -> 0100000;
            case SYMLINK -> 0120000;
        };
        return type | entry.mode();
    }

    private static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= switch (permission) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    /** Lets the tar stream finish without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
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

    /** Refuses to write more than a file's scanned size (a file that grew would corrupt the tar). */
    private static final class Bounded extends java.io.FilterOutputStream {
        private long left;
        private final Path file;

        Bounded(OutputStream out, long size, Path file) {
            super(out);
            this.left = size;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > left) {
                throw new IOException("The local file " + file + " grew while it was being uploaded.");
            }
            out.write(bytes, offset, length);
            left -= length;
        }
    }
}
