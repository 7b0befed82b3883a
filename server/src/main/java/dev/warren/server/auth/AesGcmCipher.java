package dev.warren.server.auth;

import dev.warren.store.FieldCipher;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Seals secrets at rest with AES-GCM (the JDK's provider): a random 96-bit nonce per value, a 128-bit tag, the
 * row's context as additional authenticated data. The stored form is {@code v1:<key id>:<base64url(nonce ‖
 * ciphertext ‖ tag)>}, where the key id is the first 8 hex digits of a SHA-256 of the key, so a value names the key
 * that opens it. One current key seals; previous keys only open (rotation: values sealed with them are re-sealed
 * at start-up, see {@link dev.warren.store.UserStore#sealServicePasswords()}). A value without the {@code v1:}
 * marker is clear text stored before encryption and is returned as it is. Thread-safe.
 */
public final class AesGcmCipher implements FieldCipher {
    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern SEALED = Pattern.compile("v1:[0-9a-f]{8}:[A-Za-z0-9_-]{38,}");

    private final String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param current  the key that seals (16, 24 or 32 bytes)
     * @param previous keys that may still open older values (rotation); may be empty
     */
    public AesGcmCipher(byte[] current, List<byte[]> previous) {
        currentId = keyId(checked(current));
        keys.put(currentId, new SecretKeySpec(current.clone(), "AES"));
        for (byte[] old : previous) {
            keys.putIfAbsent(keyId(checked(old)), new SecretKeySpec(old.clone(), "AES"));
        }
    }

    @Override
    public String seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("AES-GCM is always present in the JDK", impossible);
        }
    }

    @Override
    public String open(String stored, String context) {
        if (!isSealed(stored)) {
            return stored;
        }
        String id = stored.substring(PREFIX.length(), PREFIX.length() + 8);
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("A secret in the store was encrypted with a key warren does not have (key"
                    + " id " + id + "); set WARREN_SECRET_KEY_PREVIOUS to that key (see docs/OPERATIONS.md).");
        }
        byte[] raw = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length() + 9));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException altered) {
            throw new IllegalStateException("A secret in the store (" + context + ") does not decrypt with key "
                    + id + ": it was altered or moved from another row.");
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("AES-GCM is always present in the JDK", impossible);
        }
    }

    @Override
    public boolean isCurrent(String stored) {
        return isSealed(stored) && stored.startsWith(PREFIX + currentId + ":");
    }

    /** The id of the key that seals now (in the stored form; not secret). */
    public String currentKeyId() {
        return currentId;
    }

    /** Ids of every key this cipher opens with, current first. */
    public List<String> keyIds() {
        return new ArrayList<>(keys.keySet());
    }

    private static boolean isSealed(String stored) {
        return stored != null && SEALED.matcher(stored).matches();
    }

    private static byte[] checked(byte[] key) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException("An encryption key must be 16, 24 or 32 bytes (base64 of 32 random"
                    + " bytes: head -c 32 /dev/urandom | base64), not " + (key == null ? 0 : key.length) + ".");
        }
        return key;
    }

    private static String keyId(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("warren secret key id\0".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(key), 0, 4);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", impossible);
        }
    }
}
