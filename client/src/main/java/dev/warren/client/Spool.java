package dev.warren.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A private temporary copy of a stream, for resumable uploads of streams (which need the bytes twice). */
final class Spool {
    private Spool() {}

    /**
     * Copies exactly {@code length} bytes of {@code content} to a new 0600 file.
     *
     * @throws IllegalArgumentException when the stream ends before {@code length} bytes
     */
    static Path copy(InputStream content, long length) {
        Path file;
        try {
            file = Files.createTempFile("warren-upload-", ".part",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot create a temporary file to spool the upload: "
                    + error.getMessage(), error);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            long copied = new Bounded(content, length).transferTo(out);
            if (copied != length) {
                delete(file);
                throw new IllegalArgumentException("The stream ended after " + copied + " of the " + length
                        + " bytes announced.");
            }
        } catch (IOException error) {
            delete(file);
            throw new UncheckedIOException("Cannot spool the upload to " + file + ": " + error.getMessage(), error);
        }
        return file;
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file: the system's cleaning removes it eventually
        }
    }

    /** At most {@code limit} bytes of a stream, which is not closed. */
    static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }
    }
}
