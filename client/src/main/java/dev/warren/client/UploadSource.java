package dev.warren.client;

import dev.warren.client.transfer.DirectoryArchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * What a resumable upload sends, readable again from any offset: a local file, or the tar of a directory built
 * anew (the same unchanged directory gives the same bytes).
 */
interface UploadSource {
    /** The bytes from {@code offset} to the end; the caller closes the stream. */
    InputStream openAt(long offset) throws IOException;

    /** Writes everything to {@code out}. */
    void writeTo(OutputStream out) throws IOException;

    static UploadSource file(Path file) {
        return new UploadSource() {
            @Override
            public InputStream openAt(long offset) throws IOException {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(offset);
                return Channels.newInputStream(channel);
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (InputStream in = openAt(0)) {
                    in.transferTo(out);
                }
            }
        };
    }

    /** The tar of {@code archive}, written by a virtual thread into a pipe (never whole in memory or on disk). */
    static UploadSource archive(DirectoryArchive archive) {
        return new UploadSource() {
            @Override
            public InputStream openAt(long offset) throws IOException {
                ArchivePipe pipe = new ArchivePipe();
                Thread.ofVirtual().name("warren-tar").start(() -> pipe.fill(archive));
                InputStream in = pipe.reader();
                in.skipNBytes(offset);
                return in;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                archive.writeTo(out);
            }
        };
    }

    /** The SHA-256 (hex) and length of everything, read once; {@code progress} is told the bytes read so far. */
    static Digest digest(UploadSource source, LongConsumer progress) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
        Counting counting = new Counting(progress);
        try (DigestOutputStream out = new DigestOutputStream(counting, sha256)) {
            source.writeTo(out);
        }
        return new Digest(HexFormat.of().formatHex(sha256.digest()), counting.count);
    }

    record Digest(String sha256, long length) {}

    /** Counts bytes (and throws them away), reporting every 4 MiB. */
    final class Counting extends OutputStream {
        private static final long EVERY = 4L << 20;
        private final LongConsumer progress;
        private long count;
        private long reported;

        Counting(LongConsumer progress) {
            this.progress = progress;
        }

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
            if (count - reported >= EVERY) {
                reported = count;
                progress.accept(count);
            }
        }
    }
}
