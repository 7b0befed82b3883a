package dev.warren.runtime.memory;

import dev.warren.core.ConflictException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A user volume's files in memory, under the same path rules as on an engine ({@link VolumePaths}): the tree is the
 * one spaces mounting the volume see, so what a space writes is read here at once and the other way round.
 */
final class MemoryVolumeFiles implements VolumeFiles {
    private final MemoryFileSystem files;
    private final VolumePaths.Tree tree;

    MemoryVolumeFiles(MemoryFileSystem files) {
        this.files = files;
        this.tree = new VolumePaths.Tree() {
            @Override
            public Optional<FileType> type(List<String> components) {
                try {
                    return Optional.of(files.stat(path(components)).type());
                } catch (NotFoundException missing) {
                    return Optional.empty();
                }
            }

            @Override
            public String linkTarget(List<String> components) {
                return files.stat(path(components)).symlinkTarget();
            }
        };
    }

    @Override
    public FileInfo stat(String path) {
        return files.stat(VolumePaths.existing(tree, path, false).path());
    }

    @Override
    public List<FileInfo> list(String path, int depth) {
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, true);
        if (resolved.type().orElseThrow() != FileType.DIRECTORY) {
            throw ValidationException.of("path", "'" + path + "' is not a directory.");
        }
        List<FileInfo> found = new ArrayList<>(files.list(resolved.path(), Math.max(1, depth)));
        found.sort(java.util.Comparator.comparing(FileInfo::path));
        return found;
    }

    @Override
    public void read(String path, OutputStream out) {
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, true);
        if (resolved.type().orElseThrow() != FileType.FILE) {
            throw ValidationException.of("path", "'" + path + "' is not a regular file.");
        }
        try {
            out.write(files.read(resolved.path()));
        } catch (IOException error) {
            throw new UncheckedIOException(error);
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
        byte[] bytes;
        try {
            bytes = content.readAllBytes();
        } catch (IOException error) {
            throw new UncheckedIOException("Reading the upload failed: " + error.getMessage(), error);
        }
        files.write(resolved.path(), bytes, mode);
    }

    @Override
    public void makeDirectories(String path) {
        VolumePaths.Resolved resolved = VolumePaths.resolve(tree, path, true);
        if (resolved.exists() && resolved.type().get() != FileType.DIRECTORY) {
            throw new ConflictException("'" + path + "' exists and is not a directory.");
        }
        files.makeDirectories(resolved.path());
    }

    @Override
    public void remove(String path) {
        VolumePaths.Resolved resolved = VolumePaths.existing(tree, path, false);
        if (resolved.existing().isEmpty()) {
            throw ValidationException.of("path", "The volume's root cannot be removed; delete the volume instead.");
        }
        files.remove(resolved.path());
    }

    private static String path(List<String> components) {
        return "/" + String.join("/", components);
    }
}
