package dev.warren.client;

import dev.warren.client.transfer.UploadProgress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Tells an upload's progress callback (if any) of its phases and bytes, at most every MiB while uploading. */
final class Progress {
    private static final long EVERY = 1L << 20;
    private final Consumer<UploadProgress> callback;
    private final String transport;

    Progress(Consumer<UploadProgress> callback, String transport) {
        this.callback = callback;
        this.transport = transport;
    }

    void tell(String phase, long completed, long total) {
        if (callback != null) {
            callback.accept(new UploadProgress(phase, completed, total, transport));
        }
    }

    /**
     * {@code in} (the bytes from {@code offset} of {@code total}) counted as it is read: {@code uploading} events,
     * then {@code verifying} once the last byte of the whole upload was handed over.
     */
    InputStream counting(InputStream in, long offset, long total) {
        return new FilterInputStream(in) {
            private long position = offset;
            private long reported = offset;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int start, int length) throws IOException {
                int read = super.read(buffer, start, length);
                if (read > 0) {
                    position += read;
                    if (position - reported >= EVERY || position == total) {
                        reported = position;
                        tell(UploadProgress.UPLOADING, position, total);
                        if (position == total) {
                            tell(UploadProgress.VERIFYING, position, total);
                        }
                    }
                }
                return read;
            }
        };
    }
}
