package dev.warren.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the server's own user may read: 0600 files and 0700 directories, on file systems with POSIX
 * permissions (elsewhere the attributes are skipped and the platform's defaults apply). Stateless.
 */
public final class PrivateFiles {
    /** rw------- */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** rwx------ */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** The attribute that creates a file 0600 (none without POSIX permissions). */
    public static FileAttribute<?>[] file() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** The attribute that creates a directory 0700 (none without POSIX permissions). */
    public static FileAttribute<?>[] directory() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
                : new FileAttribute<?>[0];
    }

    /**
     * Sets an existing file to 0600 or directory to 0700; a path that does not exist is left alone.
     *
     * @return true when the mode was wider and was narrowed
     */
    public static boolean restrict(Path path) {
        if (!posix() || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Set<PosixFilePermission> wanted = Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? DIRECTORY : FILE;
            if (Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
                return false;
            }
            Files.setPosixFilePermissions(path, wanted);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make " + path + " private to the server's user.", e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
