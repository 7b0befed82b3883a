package dev.warren.server.e2b;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The data plane's access tokens ({@code envdAccessToken}, sent back as {@code X-Access-Token}): each names one
 * sandbox and the user it was handed to, signed with HMAC-SHA256 under a key kept in the store (so tokens survive a
 * restart). A token opens nothing by itself: every data-plane call still goes through warren's permission checks as
 * that user, confined to that sandbox, so a revoked share or a killed sandbox ends its use at once.
 * Thread-safe.
 */
public final class EnvdTokens {
    private static final String PREFIX = "wenvd_";

    private final byte[] key;

    /** @param hexKey at least 32 random bytes, hex-encoded */
    public EnvdTokens(String hexKey) {
        this.key = HexFormat.of().parseHex(hexKey);
        if (key.length < 32) {
            throw new IllegalArgumentException("The envd token key must hold at least 32 bytes.");
        }
    }

    /** Who a token was handed to, and for which sandbox. */
    public record Binding(String sandboxId, String userId) {}

    public String mint(String sandboxId, String userId) {
        String body = encode(sandboxId) + "." + encode(userId);
        return PREFIX + body + "." + signature(body);
    }

    /** The binding of a well-formed token with a valid signature; empty for anything else. */
    public Optional<Binding> verify(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 1024) {
            return Optional.empty();
        }
        String rest = token.substring(PREFIX.length());
        int last = rest.lastIndexOf('.');
        int first = rest.indexOf('.');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String body = rest.substring(0, last);
        byte[] expected = signature(body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, rest.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Binding(decode(rest.substring(0, first)), decode(rest.substring(first + 1, last))));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private String signature(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK.", impossible);
        }
    }

    private static String encode(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
