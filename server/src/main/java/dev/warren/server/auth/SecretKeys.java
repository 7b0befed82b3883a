package dev.warren.server.auth;

import dev.warren.store.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where the key that encrypts secrets at rest comes from: {@code WARREN_SECRET_KEY} (base64 of 16, 24 or 32 bytes,
 * from the environment or the config file) when set, else the key file {@code $WARREN_DATA_DIR/secret.key},
 * created on first start with 32 random bytes and mode 0600 (a wider mode found later is narrowed).
 * {@code WARREN_SECRET_KEY_PREVIOUS} (comma-separated base64 keys) only decrypts, for rotation. Blocking (file I/O).
 */
public final class SecretKeys {
    /** The key file's name in the data directory. */
    public static final String KEY_FILE = "secret.key";

    /** The cipher, and where its current key came from (for the start-up log; never the key itself). */
    public record Loaded(AesGcmCipher cipher, String source) {}

    private SecretKeys() {}

    /**
     * @param key      the configured key, or blank for the key file
     * @param previous the configured previous keys, or blank
     * @param dataDir  the data directory holding the key file
     * @throws IllegalArgumentException with a sentence when a configured key or the key file is not a valid key
     */
    public static Loaded load(String key, String previous, Path dataDir) {
        List<byte[]> old = new ArrayList<>();
        if (previous != null && !previous.isBlank()) {
            for (String part : previous.split(",")) {
                if (!part.isBlank()) {
                    old.add(decode(part, "WARREN_SECRET_KEY_PREVIOUS"));
                }
            }
        }
        if (key != null && !key.isBlank()) {
            return new Loaded(new AesGcmCipher(decode(key, "WARREN_SECRET_KEY"), old), "WARREN_SECRET_KEY");
        }
        Path file = dataDir.resolve(KEY_FILE);
        return new Loaded(new AesGcmCipher(decode(readOrCreate(file), file.toString()), old), file.toString());
    }

    /** The key file's text, creating the file (0600, 32 random bytes in base64) when it does not exist. */
    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent(), PrivateFiles.directory());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.createFile(file, PrivateFiles.file());
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (FileAlreadyExistsException raced) {
                    // another server on the same data directory made it first: use theirs
                }
            }
            PrivateFiles.restrict(file);
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the key file " + file + ".", e);
        }
    }

    private static byte[] decode(String text, String where) {
        String value = text.strip();
        byte[] key;
        try {
            key = value.contains("-") || value.contains("_") ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("The encryption key in " + where + " is not base64; make one with"
                    + " head -c 32 /dev/urandom | base64.");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("The encryption key in " + where + " must be base64 of 16, 24 or 32"
                    + " bytes, not of " + key.length + "; make one with head -c 32 /dev/urandom | base64.");
        }
        return key;
    }
}
