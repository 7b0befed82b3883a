package dev.warren.client;

import dev.warren.client.archive.ArchiveRefusedException;
import dev.warren.client.archive.ArchiveSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a downloaded archive's members under a local directory, never through a link: every existing component
 * below the directory is checked without following links (a link already there, or one the archive made, is a
 * refusal), files are written to a temporary file beside the target and renamed over it (so a link at the target
 * is replaced, not followed), and links are created as links. Modes (POSIX file systems) and modification times are
 * kept; directories get theirs at {@link #finish()}, so a read-only directory can still be filled first.
 * One extraction, one thread.
 */
final class LocalArchiveSink implements ArchiveSink {
    private record Directory(Path path, int mode, Instant modified) {}

    private final Path root;
    private final List<Directory> directories = new ArrayList<>();

    /** @param root an existing local directory (made absolute) */
    LocalArchiveSink(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void directory(String path, int mode, Instant modified) {
        Path target = parentsOf(path).resolve(name(path));
        try {
            if (Files.isSymbolicLink(target)) {
                throw new ArchiveRefusedException("'" + target + "' is a link; the archive's directory '" + path
                        + "' is not created through it.");
            }
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + target + ": " + e.getMessage(), e);
        }
        directories.add(new Directory(target, mode, modified));
    }

    @Override
    public void file(String path, int mode, Instant modified, InputStream content, long size) {
        Path parent = parentsOf(path);
        Path target = parent.resolve(name(path));
        Path temporary = null;
        try {
            temporary = Files.createTempFile(parent, ".warren-", ".part");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.transferTo(out);
            }
            permissions(temporary, mode);
            Files.setLastModifiedTime(temporary, FileTime.from(modified));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a .part file left beside the target
                }
            }
        }
    }

    @Override
    public void symlink(String path, String target, Instant modified) {
        Path link = parentsOf(path).resolve(name(path));
        try {
            if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
                throw new ArchiveRefusedException("'" + link + "' is a directory; the archive's link '" + path
                        + "' does not replace it.");
            }
            Files.deleteIfExists(link); // a file or link of an earlier download: replaced, as files are
            Files.createSymbolicLink(link, Path.of(target));
        } catch (FileAlreadyExistsException raced) {
            throw new UncheckedIOException("Something appeared at " + link + " meanwhile.", raced);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the link " + link + ": " + e.getMessage(), e);
        }
    }

    /** Applies directories' modes and times, deepest first (a file written into one changes its time). */
    void finish() {
        for (Directory directory : directories.reversed()) {
            try {
                permissions(directory.path(), directory.mode());
                Files.setLastModifiedTime(directory.path(), FileTime.from(directory.modified()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot set the mode of " + directory.path() + ": " + e.getMessage(),
                        e);
            }
        }
    }

    /** The member's parent directory, created as needed, with no link on the way from the root. */
    private Path parentsOf(String path) {
        Path current = root;
        String[] names = path.split("/");
        try {
            for (int i = 0; i < names.length - 1; i++) {
                current = current.resolve(names[i]);
                if (Files.isSymbolicLink(current)) {
                    throw new ArchiveRefusedException("'" + current + "' is a link; the archive's member '" + path
                            + "' is not written through it.");
                }
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(current);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + current + ": " + e.getMessage(), e);
        }
        return current;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void permissions(Path path, int mode) throws IOException {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(path, set);
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX file systems keep their own permissions
        }
    }
}
