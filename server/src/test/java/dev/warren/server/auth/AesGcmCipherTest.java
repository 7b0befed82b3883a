package dev.warren.server.auth;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AesGcmCipherTest {
    private static final String CONTEXT = "users.service_password/u1";

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void a_sealed_value_names_its_key_hides_the_plaintext_and_opens_again() {
        AesGcmCipher cipher = new AesGcmCipher(key(), List.of());
        String sealed = cipher.seal("hunter2-service", CONTEXT);
        assertThat(sealed).startsWith("v1:" + cipher.currentKeyId() + ":").doesNotContain("hunter2");
        assertThat(cipher.isCurrent(sealed)).isTrue();
        assertThat(cipher.open(sealed, CONTEXT)).isEqualTo("hunter2-service");
        assertThat(cipher.open(cipher.seal("", CONTEXT), CONTEXT)).isEmpty();
        assertThat(cipher.open(cipher.seal("päss ✓", CONTEXT), CONTEXT)).isEqualTo("päss ✓");
    }

    @Test
    void every_seal_uses_a_fresh_nonce() {
        AesGcmCipher cipher = new AesGcmCipher(key(), List.of());
        assertThat(cipher.seal("same", CONTEXT)).isNotEqualTo(cipher.seal("same", CONTEXT));
    }

    @Test
    void a_value_moved_to_another_row_or_altered_does_not_open() {
        AesGcmCipher cipher = new AesGcmCipher(key(), List.of());
        String sealed = cipher.seal("secret-value", CONTEXT);
        assertThatThrownBy(() -> cipher.open(sealed, "users.service_password/u2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("altered or moved");
        int at = sealed.length() - 10; // inside the tag, where every base64 digit carries six bits
        String altered = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
        assertThatThrownBy(() -> cipher.open(altered, CONTEXT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clear_text_stored_before_encryption_reads_as_it_is_and_is_not_current() {
        AesGcmCipher cipher = new AesGcmCipher(key(), List.of());
        assertThat(cipher.open("plain-old-password", CONTEXT)).isEqualTo("plain-old-password");
        assertThat(cipher.isCurrent("plain-old-password")).isFalse();
        assertThat(cipher.open("v1:not-sealed", CONTEXT)).isEqualTo("v1:not-sealed");
    }

    @Test
    void after_rotation_old_values_open_with_the_previous_key_and_are_not_current() {
        byte[] oldKey = key();
        AesGcmCipher before = new AesGcmCipher(oldKey, List.of());
        String sealedBefore = before.seal("rotate-me", CONTEXT);
        AesGcmCipher after = new AesGcmCipher(key(), List.of(oldKey));
        assertThat(after.keyIds()).containsExactly(after.currentKeyId(), before.currentKeyId());
        assertThat(after.isCurrent(sealedBefore)).isFalse();
        assertThat(after.open(sealedBefore, CONTEXT)).isEqualTo("rotate-me");
        String resealed = after.seal(after.open(sealedBefore, CONTEXT), CONTEXT);
        assertThat(after.isCurrent(resealed)).isTrue();
        assertThatThrownBy(() -> before.open(resealed, CONTEXT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WARREN_SECRET_KEY_PREVIOUS");
    }

    @Test
    void a_key_of_the_wrong_length_is_refused_with_a_sentence() {
        assertThatThrownBy(() -> new AesGcmCipher(new byte[7], List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16, 24 or 32 bytes");
    }
}
