package dev.warren.client;

import dev.warren.client.archive.ArchiveCounts;
import dev.warren.client.archive.SafeArchivePaths;
import dev.warren.client.archive.TarExtraction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/** Writing what the server streams to local files: a file (whole or not at all) and a tar into a directory. */
final class LocalDownloads {
    private LocalDownloads() {}

    /** Streams {@code content} to a temporary file beside {@code localPath}, then moves it in place; its size. */
    static long toFile(String what, Supplier<InputStream> content, Path localPath) {
        Path target = localPath.toAbsolutePath();
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, ".warren-", ".part");
            try {
                long copied;
                try (InputStream in = content.get(); OutputStream out = Files.newOutputStream(temporary)) {
                    copied = in.transferTo(out);
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return copied;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException error) {
            throw new UncheckedIOException("Downloading " + what + " to " + target + " failed: "
                    + error.getMessage(), error);
        }
    }

    /** Extracts the tar {@code archive} under {@code localDir} (created when missing) with the archive rules. */
    static ArchiveCounts toDirectory(String what, Supplier<InputStream> archive, Path localDir) {
        Path root = localDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot create " + root + ": " + error.getMessage(), error);
        }
        LocalArchiveSink sink = new LocalArchiveSink(root);
        try (InputStream tar = archive.get()) {
            ArchiveCounts counts = TarExtraction.extract(tar, new SafeArchivePaths(root.toString()), sink);
            sink.finish();
            return counts;
        } catch (IOException error) {
            throw new WarrenException.Unreachable("Downloading " + what + " failed: " + error.getMessage(), error);
        }
    }
}
