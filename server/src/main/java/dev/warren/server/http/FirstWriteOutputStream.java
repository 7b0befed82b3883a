package dev.warren.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Opens the real stream at the first byte. Until then nothing is sent, so an error before any data (a missing file)
 * can still become a proper error answer instead of a half-sent body. Not thread-safe.
 */
final class FirstWriteOutputStream extends OutputStream {
    private final Supplier<OutputStream> opener;
    private OutputStream target;

    FirstWriteOutputStream(Supplier<OutputStream> opener) {
        this.opener = opener;
    }

    private OutputStream target() {
        if (target == null) {
            target = opener.get();
        }
        return target;
    }

    @Override
    public void write(int b) throws IOException {
        target().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > 0) {
            target().write(bytes, offset, length);
        }
    }

    @Override
    public void flush() throws IOException {
        if (target != null) {
            target.flush();
        }
    }

    /** Opens the stream if nothing was written (an empty file is an empty 200 answer), then closes it. */
    @Override
    public void close() throws IOException {
        target().close();
    }
}
