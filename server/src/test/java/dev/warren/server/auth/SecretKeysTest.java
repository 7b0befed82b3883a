package dev.warren.server.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretKeysTest {
    private static final String CONTEXT = "users.service_password/u1";

    @Test
    void the_key_file_is_created_on_first_start_with_mode_0600_and_reused_after(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SecretKeys.Loaded first = SecretKeys.load("", "", data);
        Path file = data.resolve(SecretKeys.KEY_FILE);
        assertThat(first.source()).isEqualTo(file.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        String sealed = first.cipher().seal("kept", CONTEXT);
        SecretKeys.Loaded second = SecretKeys.load("", "", data);
        assertThat(second.cipher().currentKeyId()).isEqualTo(first.cipher().currentKeyId());
        assertThat(second.cipher().open(sealed, CONTEXT)).isEqualTo("kept");
    }

    @Test
    void a_key_file_readable_by_others_is_narrowed_to_0600(@TempDir Path dir) throws Exception {
        SecretKeys.load("", "", dir);
        Path file = dir.resolve(SecretKeys.KEY_FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SecretKeys.load("", "", dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void a_configured_key_wins_over_the_file_and_previous_keys_only_open(@TempDir Path dir) {
        String oldKey = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] raw = new byte[32];
        raw[0] = 1;
        String newKey = Base64.getEncoder().encodeToString(raw);
        SecretKeys.Loaded old = SecretKeys.load(oldKey, "", dir);
        assertThat(old.source()).isEqualTo("WARREN_SECRET_KEY");
        assertThat(Files.exists(dir.resolve(SecretKeys.KEY_FILE))).as("no key file with a configured key").isFalse();
        String sealed = old.cipher().seal("value", CONTEXT);
        SecretKeys.Loaded rotated = SecretKeys.load(newKey, " " + oldKey + " ,", dir);
        assertThat(rotated.cipher().keyIds()).hasSize(2);
        assertThat(rotated.cipher().isCurrent(sealed)).isFalse();
        assertThat(rotated.cipher().open(sealed, CONTEXT)).isEqualTo("value");
    }

    @Test
    void a_key_that_is_not_base64_of_16_24_or_32_bytes_is_refused_naming_the_setting(@TempDir Path dir) {
        assertThatThrownBy(() -> SecretKeys.load("not base64!", "", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WARREN_SECRET_KEY").hasMessageContaining("base64");
        String shortKey = Base64.getEncoder().encodeToString(new byte[10]);
        assertThatThrownBy(() -> SecretKeys.load(shortKey, "", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16, 24 or 32");
        assertThatThrownBy(() -> SecretKeys.load("", shortKey, dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WARREN_SECRET_KEY_PREVIOUS");
        assertThat(List.of(dir.toFile().list())).doesNotContain(SecretKeys.KEY_FILE);
    }
}
