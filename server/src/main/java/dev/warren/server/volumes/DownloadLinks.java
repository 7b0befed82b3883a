package dev.warren.server.volumes;

import dev.warren.core.UnauthenticatedException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Signed download links of volume files: the token carries the volume id, the path and the expiry, with an
 * HMAC-SHA256 of them under the server's key, so a link needs no row and no credentials and cannot be altered or
 * stretched. Expired and tampered tokens are refused alike (401) — the sentence says which. Thread-safe.
 */
final class DownloadLinks {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;

    /** @param key at least 32 random bytes, kept by the server (sealed in its store) */
    DownloadLinks(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("A download link key has at least 32 bytes.");
        }
        this.key = key.clone();
    }

    /** What a valid token grants. */
    record Grant(String volumeId, String path, Instant expiresAt) {}

    String sign(Grant grant) {
        String payload = grant.volumeId() + "\n" + grant.path() + "\n" + grant.expiresAt().getEpochSecond();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /**
     * @throws UnauthenticatedException when the token was altered, is not one, or has expired at {@code now}
     */
    Grant verify(String token, Instant now) {
        UnauthenticatedException invalid = new UnauthenticatedException(
                "The download link is not valid: it was altered or cut. Ask for a new one.");
        if (token == null || token.length() > 16_384) {
            throw invalid;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw invalid;
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            throw invalid;
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw invalid;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        int first = text.indexOf('\n');
        int last = text.lastIndexOf('\n'); // a path may hold a newline; the id and the expiry never do
        if (first < 0 || first == last) {
            throw invalid;
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(text.substring(last + 1)));
        } catch (NumberFormatException notANumber) {
            throw invalid;
        }
        if (!now.isBefore(expiresAt)) {
            throw new UnauthenticatedException("The download link expired at " + expiresAt + ". Ask for a new one.");
        }
        return new Grant(text.substring(0, first), text.substring(first + 1, last), expiresAt);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM.", missing);
        }
    }
}
