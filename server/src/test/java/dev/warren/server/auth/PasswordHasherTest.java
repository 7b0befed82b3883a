package dev.warren.server.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(4);

    @Test
    void a_password_longer_than_bcrypts_72_bytes_is_hashed_and_checked_not_an_error() {
        String longPassword = "é".repeat(100); // 200 bytes
        String hash = hasher.hash(longPassword);
        assertThat(hasher.matches(longPassword, hash)).isTrue();
        assertThat(hasher.matches("é".repeat(99) + "e", hash)).isFalse();
        assertThat(hasher.matchesOrDummy(longPassword, null)).as("an unknown user").isFalse();
    }

    @Test
    void unknown_users_and_malformed_hashes_never_match() {
        assertThat(hasher.matchesOrDummy("anything", null)).isFalse();
        assertThat(hasher.matches("anything", "not-a-bcrypt-hash")).isFalse();
        assertThat(hasher.matchesOrDummy("right", hasher.hash("right"))).isTrue();
    }
}
