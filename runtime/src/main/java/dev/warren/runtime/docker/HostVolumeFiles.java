package dev.warren.runtime.docker;

import dev.warren.core.ConflictException;
import dev.warren.core.EngineFailureException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.runtime.VolumeFiles;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import dev.warren.runtime.volume.VolumePaths;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A user volume's files through the engine's host directory ({@code Mountpoint}): the server runs as root beside its
 * engine, so every path is resolved by {@link VolumePaths} (component by component, {@code NOFOLLOW_LINKS}) before
 * it is touched, and the final open never follows a link either. Writes go to a temporary file in the same
 * directory, then are moved in place. Created files and directories belong to root (0644/0755 unless a mode is
 * given), as writes of a space's root user would.
 */
final class HostVolumeFiles implements VolumeFiles {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final VolumePaths.Tree tree;

    HostVolumeFiles(Path root) {
        this.root = root;
        this.tree = new VolumePaths.Tree() {
            @Override
            public Optional<FileType> type(List<String> components) {
                try {
                    return Optional.of(typeOf(Files.readAttributes(host(components), PosixFileAttributes.class,
                            NOFOLLOW)));
                } catch (NoSuchFileException | NotDirectoryException missing) {
                    return Optional.empty();
                } catch (IOException error) {
                    throw failure("Looking at '/" + String.join("/", components) + "'", error);
                }
            }

            @Override
            public String linkTarget(List<String> components) {
                try {
                    return Files.readSymbolicLink(host(components)).toString();
                } catch (IOException error) {
                    throw failure("Reading the link '/" + String.join("/", components) + "'", error);
                }
            }
        };
    }

    @Override
    public FileInfo stat(String path) {
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, false);
        return info(resolved.existing());
    }

    @Override
    public List<FileInfo> list(String path, int depth) {
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, true);
        if (resolved.type().orElseThrow() != FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + path + "' is not a directory.");
        }
        List<FileInfo> found = new ArrayList<>();
        collect(resolved.existing(), Math.max(1, depth), found);
        return found;
    }

    private void collect(List<String> directory, int depth, List<FileInfo> found) {
        List<String> names;
        try (Stream<Path> children = Files.list(host(directory))) {
            names = children.map(child -> child.getFileName().toString()).sorted().toList();
        } catch (IOException error) {
            throw failure("Listing '/" + String.join("/", directory) + "'", error);
        }
        for (String name : names) {
            List<String> child = new ArrayList<>(directory);
            child.add(name);
            FileInfo info;
            try {
                info = info(child);
            } catch (NotFoundException goneMeanwhile) {
                continue;
            }
            found.add(info);
            if (depth > 1 && info.type() == FileType.DIRECTORY) { // links are listed, never descended
                collect(child, depth - 1, found);
            }
        }
    }

    @Override
    public void read(String path, OutputStream out) {
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, true);
        if (resolved.type().orElseThrow() != FileType.FILE) {
            throw ValidationException.of("path", "'" + path + "' is not a regular file.");
        }
        try (InputStream in = Files.newInputStream(host(resolved.existing()), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        } catch (NoSuchFileException gone) {
            throw new NotFoundException("No such file or directory in the volume: '" + path + "'.");
        } catch (IOException error) {
            throw new UncheckedIOException("Reading '" + path + "' failed: " + error.getMessage(), error);
        }
    }

    @Override
    public void write(String path, InputStream content, int mode) {
        VolumePaths.Resolved resolved = VolumePaths.resolve(tree, path, false);
        if (resolved.existing().isEmpty() && resolved.missing().isEmpty()) {
            throw ValidationException.of("path", "The volume's root is a directory, not a file.");
        }
        if (resolved.exists() && resolved.type().get() == FileType.SYMLINK) {
            throw ValidationException.of("path", "'" + path + "' is a symbolic link; it is not written through."
                    + " Remove it first.");
        }
        if (resolved.exists() && resolved.type().get() == FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + path + "' is a directory.");
        }
        List<String> all = new ArrayList<>(resolved.existing());
        all.addAll(resolved.missing());
        List<String> parent = all.subList(0, all.size() - 1);
        createDirectories(resolved.existing(), resolved.missing().isEmpty() ? List.of()
                : resolved.missing().subList(0, resolved.missing().size() - 1));
        Path directory = host(parent);
        Path temporary = directory.resolve(".warren-upload-" + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                content.transferTo(out);
            }
            Files.setPosixFilePermissions(temporary, permissions(mode));
            // rename(2) replaces a file or a link at the target without following it.
            Files.move(temporary, host(all), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException error) {
            deleteQuietly(temporary);
            if (error instanceof FileAlreadyExistsException || error instanceof DirectoryNotEmptyException) {
                throw new ConflictException("Something is in the way at '" + path + "'.");
            }
            throw new UncheckedIOException("Writing '" + path + "' failed: " + error.getMessage(), error);
        } catch (RuntimeException error) {
            deleteQuietly(temporary);
            throw error;
        }
    }

    @Override
    public void makeDirectories(String path) {
        VolumePaths.Resolved resolved = VolumePaths.resolve(tree, path, true);
        if (resolved.exists() && resolved.type().get() != FileType.DIRECTORY) {
            throw new ConflictException("'" + path + "' exists and is not a directory.");
        }
        createDirectories(resolved.existing(), resolved.missing());
    }

    /** The host path of a directory of the volume (created when missing), resolved without following links out. */
    Path directory(String path) {
        makeDirectories(path);
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, true);
        if (resolved.type().orElseThrow() != FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + path + "' of the volume is not a directory.");
        }
        return host(resolved.existing());
    }

    @Override
    public void remove(String path) {
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, false);
        if (resolved.existing().isEmpty()) {
            throw ValidationException.of("path", "The volume's root cannot be removed; delete the volume instead.");
        }
        deleteTree(resolved.existing());
    }

    /** Removes a subtree depth first, never following a link (a link is deleted itself). */
    private void deleteTree(List<String> components) {
        Path target = host(components);
        if (tree.type(components).orElse(null) == FileType.DIRECTORY) {
            List<String> names;
            try (Stream<Path> children = Files.list(target)) {
                names = children.map(child -> child.getFileName().toString()).toList();
            } catch (IOException error) {
                throw failure("Listing '/" + String.join("/", components) + "'", error);
            }
            for (String name : names) {
                List<String> child = new ArrayList<>(components);
                child.add(name);
                deleteTree(child);
            }
        }
        try {
            Files.deleteIfExists(target); // unlink(2)/rmdir(2): a link goes, its target stays
        } catch (IOException error) {
            throw failure("Removing '/" + String.join("/", components) + "'", error);
        }
    }

    private void createDirectories(List<String> existing, List<String> missing) {
        List<String> walked = new ArrayList<>(existing);
        for (String name : missing) {
            walked.add(name);
            try {
                Files.createDirectory(host(walked));
            } catch (FileAlreadyExistsException raced) {
                if (tree.type(walked).orElse(null) != FileType.DIRECTORY) {
                    throw new ConflictException("'/" + String.join("/", walked) + "' exists and is not a directory.");
                }
            } catch (IOException error) {
                throw failure("Creating '/" + String.join("/", walked) + "'", error);
            }
        }
    }

    private FileInfo info(List<String> components) {
        Path path = host(components);
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW);
            FileType type = typeOf(attributes);
            int mode = (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777;
            String target = type == FileType.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
            String shown = "/" + String.join("/", components);
            return new FileInfo(shown, components.isEmpty() ? "/" : components.getLast(), type, attributes.size(),
                    mode, attributes.lastModifiedTime().toInstant(), target);
        } catch (NoSuchFileException missing) {
            throw new NotFoundException("No such file or directory in the volume: '/" + String.join("/", components)
                    + "'.");
        } catch (IOException error) {
            throw failure("Looking at '/" + String.join("/", components) + "'", error);
        }
    }

    /** The host path of components that {@link VolumePaths} resolved (no {@code ..}, no link before the last). */
    private Path host(List<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }

    private static FileType typeOf(PosixFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return FileType.SYMLINK;
        }
        if (attributes.isDirectory()) {
            return FileType.DIRECTORY;
        }
        return attributes.isRegularFile() ? FileType.FILE : FileType.OTHER;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
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
        return set.isEmpty() ? PosixFilePermissions.fromString("rw-r--r--") : set;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray temporary file is harmless; the next write uses another name
        }
    }

    private static RuntimeException failure(String doing, IOException error) {
        if (error instanceof AccessDeniedException) {
            return new EngineFailureException(doing + " in the volume was denied on the engine's host.", error);
        }
        if (error instanceof NoSuchFileException) {
            return new NotFoundException(doing + " failed: it no longer exists.");
        }
        return new EngineFailureException(doing + " in the volume failed: " + error.getMessage(), error);
    }
}
