package dev.warren.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Large test content generated on the fly and checked by digest, so tests never hold it in memory either. */
public final class Content {
    private Content() {
    }

    /** {@code size} pseudo-random bytes from {@code seed}; the same seed gives the same bytes. */
    public static InputStream random(long seed, long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    public static String sha256(InputStream in) throws Exception {
        var digest = digest();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** An output stream that only digests what it is given and counts it. */
    public static final class DigestingOutput extends OutputStream {
        private final MessageDigest digest = digest();
        private long count;

        @Override
        public void write(int b) {
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            digest.update(buffer, offset, length);
            count += length;
        }

        public String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }

        public long count() {
            return count;
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
