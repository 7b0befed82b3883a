package dev.warren.server.uploads;

import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.client.wire.Uploads.UploadOutcome;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceIo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Writes complete uploads through {@link SpaceIo}, so access and the running state are checked as for any write. */
public final class SpaceUploadTarget implements UploadTarget {
    private final SpaceIo io;

    public SpaceUploadTarget(SpaceIo io) {
        this.io = io;
    }

    @Override
    public UploadOutcome writeFile(Caller caller, String spaceId, String path, InputStream content, int mode) {
        Counting counted = new Counting(content);
        io.writeFile(caller, spaceId, path, counted, mode);
        return new UploadOutcome(path, counted.count, 1, 0, 0);
    }

    @Override
    public UploadOutcome extractArchive(Caller caller, String spaceId, String destination, String conflict,
            InputStream archive) {
        ArchiveResult result = io.extractArchive(caller, spaceId, destination, ConflictPolicy.parse(conflict),
                archive);
        return new UploadOutcome(result.targetPath(), result.bytes(), result.fileCount(), result.directoryCount(),
                result.symlinkCount());
    }

    /** Counts the bytes read, for the outcome's size. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }
    }
}
