package dev.warren.server.uploads;

import dev.warren.store.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * The bytes of unfinished uploads, one file per upload named by its id in a private directory. Appends are streamed
 * (never a whole body in memory) and flushed to the disk before they are counted, so an offset the server reports is
 * an offset it can serve after a crash. Blocking; callers serialise appends to one upload.
 */
final class UploadDisk {
    /** Upload ids: 32 lower-case hex digits, so an id can never name a path outside the directory. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final int BUFFER = 256 * 1024;
    /** A long PATCH is flushed and counted every this many bytes, so a crash loses little of it. */
    private static final long DURABLE_EVERY = 64L << 20;

    /** How an append ended. */
    enum Ending {
        /** The body ended (or reached the upload's length) and every byte is on disk. */
        COMPLETE,
        /** The client's connection broke; what arrived is on disk and counted. */
        BROKEN,
        /** The body held more than the upload's length; nothing of it was kept. */
        TOO_LONG,
        /** The body's checksum (tus {@code Upload-Checksum}) differed; nothing of it was kept. */
        CHECKSUM_MISMATCH
    }

    /** @param written the bytes kept by this append */
    record Appended(long written, Ending ending) {}

    /** A per-request checksum: the digest algorithm and the expected value. */
    record Checksum(String algorithm, byte[] expected) {}

    private final Path directory;

    UploadDisk(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Creates the directory (0700) if needed. */
    void prepare() {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PrivateFiles.directory());
            }
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot create the uploads directory " + directory + ".", error);
        }
    }

    /** Creates the empty file of a new upload (0600). */
    void create(String id) {
        try {
            Files.createFile(file(id), PrivateFiles.file());
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot create the file of upload " + id + ".", error);
        }
    }

    /**
     * Appends {@code body} at {@code offset}, at most {@code remaining} bytes. Bytes already on disk past
     * {@code offset} (written but never counted before a crash) are dropped first.
     *
     * @param checksum a per-request checksum to verify, or null
     * @param durable  told the new durable size while a long body arrives
     */
    Appended append(String id, long offset, InputStream body, long remaining, Checksum checksum,
            LongConsumer durable) {
        MessageDigest digest = checksum == null ? null : digest(checksum.algorithm());
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.WRITE)) {
            if (channel.size() != offset) {
                channel.truncate(offset);
            }
            channel.position(offset);
            byte[] buffer = new byte[BUFFER];
            long written = 0;
            long sinceDurable = 0;
            while (true) {
                int read;
                try {
                    read = body.read(buffer);
                } catch (IOException broken) {
                    if (checksum != null) { // an unverifiable partial chunk is not kept (tus checksum extension)
                        channel.truncate(offset);
                        channel.force(false);
                        return new Appended(0, Ending.BROKEN);
                    }
                    channel.force(false);
                    return new Appended(written, Ending.BROKEN);
                }
                if (read < 0) {
                    break;
                }
                if (written + read > remaining) {
                    channel.truncate(offset);
                    channel.force(false);
                    return new Appended(0, Ending.TOO_LONG);
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                if (digest != null) {
                    digest.update(buffer, 0, read);
                }
                written += read;
                sinceDurable += read;
                if (sinceDurable >= DURABLE_EVERY && checksum == null) {
                    channel.force(false);
                    durable.accept(offset + written);
                    sinceDurable = 0;
                }
            }
            if (digest != null && !MessageDigest.isEqual(digest.digest(), checksum.expected())) {
                channel.truncate(offset);
                channel.force(false);
                return new Appended(0, Ending.CHECKSUM_MISMATCH);
            }
            channel.force(false);
            return new Appended(written, Ending.COMPLETE);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot write upload " + id + " to the server's disk: "
                    + error.getMessage(), error);
        }
    }

    /** The SHA-256 of everything on disk for the upload, as lower-case hex. */
    String sha256(String id) {
        MessageDigest digest = digest("SHA-256");
        try (InputStream in = Files.newInputStream(file(id))) {
            byte[] buffer = new byte[BUFFER];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read upload " + id + " from the server's disk.", error);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The upload's bytes, for writing them into the space; the caller closes the stream. */
    InputStream open(String id) {
        try {
            return Files.newInputStream(file(id));
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read upload " + id + " from the server's disk.", error);
        }
    }

    /** The size on disk, or -1 when the file is missing. */
    long size(String id) {
        try {
            return Files.size(file(id));
        } catch (NoSuchFileException missing) {
            return -1;
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read the size of upload " + id + ".", error);
        }
    }

    /** Cuts the file to {@code size} bytes (bytes written but never counted before a crash). */
    void truncate(String id, long size) {
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(false);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot truncate upload " + id + ".", error);
        }
    }

    /** Deletes the upload's file; idempotent. */
    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot delete upload " + id + " from the server's disk.", error);
        }
    }

    /** The names of every file in the directory (upload ids, and anything else that does not belong there). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            files.forEach(file -> names.add(file.getFileName().toString()));
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot list the uploads directory " + directory + ".", error);
        }
        return names;
    }

    /** Deletes a file of the directory by name (for leftovers that are no upload's). */
    void deleteName(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name));
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot delete " + directory.resolve(name) + ".", error);
        }
    }

    private Path file(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Not an upload id: " + id);
        }
        return directory.resolve(id);
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("This JVM lacks " + algorithm, missing);
        }
    }
}
