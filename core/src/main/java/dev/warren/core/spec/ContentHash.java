package dev.warren.core.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The template hash: SHA-256 over what affects a started space (the spec text). Presentation fields (name,
 * description, icon) are left out on purpose: renaming a template must not mark every space "update available".
 */
public final class ContentHash {
    private ContentHash() {}

    public static String of(String spec) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = digest.digest(spec.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(bytes, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", impossible);
        }
    }
}
