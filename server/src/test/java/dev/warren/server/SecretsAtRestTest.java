package dev.warren.server;

import dev.warren.core.model.Role;
import dev.warren.core.model.Shell;
import dev.warren.core.model.User;
import dev.warren.server.auth.AesGcmCipher;
import dev.warren.server.auth.SecretKeys;
import dev.warren.store.Database;
import dev.warren.store.UserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Service passwords sealed at rest, the start-up migration and rotation, and the modes of the data files. */
class SecretsAtRestTest {
    @Test
    void the_data_directory_is_0700_and_the_sqlite_files_0600(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.writeString(dir.resolve("empty.properties"), "");
        Config config = Config.load(Map.of("WARREN_DATA_DIR", data.toString(),
                "WARREN_CONFIG", dir.resolve("empty.properties").toString()));
        DataDirectory.prepare(config);
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve(SecretKeys.KEY_FILE))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        DataDirectory.prepare(config);
        assertThat(mode(data)).as("a wider mode found at start is narrowed").isEqualTo("rwx------");

        Path db = data.resolve("store").resolve("warren.db");
        try (Database database = Database.open("jdbc:sqlite:" + db)) {
            new UserStore(database.jdbi()).insert(user("u1", "plain")); // writes the WAL
            assertThat(mode(db.getParent())).isEqualTo("rwx------");
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path file = db.resolveSibling("warren.db" + suffix);
                assertThat(file).exists();
                assertThat(mode(file)).as(file.getFileName().toString()).isEqualTo("rw-------");
            }
        }
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        try (Database ignored = Database.open("jdbc:sqlite:" + db)) {
            assertThat(mode(db)).as("an existing store readable by others is narrowed").isEqualTo("rw-------");
        }
    }

    @Test
    void clear_service_passwords_are_sealed_at_start_once_and_read_back_in_clear(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("warren.db");
        AesGcmCipher cipher = new AesGcmCipher(key(), List.of());
        try (Database database = Database.open(url)) {
            new UserStore(database.jdbi()).insert(user("u1", "legacy-clear-1")); // as stored before encryption
            new UserStore(database.jdbi()).insert(user("u2", "legacy-clear-2"));
            UserStore sealing = new UserStore(database.jdbi(), cipher);
            assertThat(sealing.sealServicePasswords()).isEqualTo(2);
            assertThat(sealing.sealServicePasswords()).as("idempotent").isZero();
            assertThat(stored(url, "u1")).startsWith("v1:" + cipher.currentKeyId() + ":")
                    .doesNotContain("legacy-clear");
            assertThat(sealing.findById("u1").orElseThrow().servicePassword()).isEqualTo("legacy-clear-1");
            sealing.insert(user("u3", "fresh-secret"));
            assertThat(stored(url, "u3")).startsWith("v1:").doesNotContain("fresh-secret");
            assertThat(sealing.findByUsername("u3").orElseThrow().servicePassword()).isEqualTo("fresh-secret");
        }
    }

    @Test
    void rotation_reseals_with_the_new_key_and_a_missing_key_stops_the_start_with_a_sentence(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("warren.db");
        byte[] oldKey = key();
        AesGcmCipher old = new AesGcmCipher(oldKey, List.of());
        try (Database database = Database.open(url)) {
            new UserStore(database.jdbi(), old).insert(user("u1", "rotated-secret"));
            AesGcmCipher rotated = new AesGcmCipher(key(), List.of(oldKey));
            UserStore store = new UserStore(database.jdbi(), rotated);
            assertThat(store.sealServicePasswords()).isEqualTo(1);
            assertThat(stored(url, "u1")).startsWith("v1:" + rotated.currentKeyId() + ":");
            assertThat(store.findById("u1").orElseThrow().servicePassword()).isEqualTo("rotated-secret");
            UserStore lost = new UserStore(database.jdbi(), new AesGcmCipher(key(), List.of()));
            assertThatThrownBy(lost::sealServicePasswords).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("WARREN_SECRET_KEY_PREVIOUS");
        }
    }

    private static String stored(String url, String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             var query = connection.prepareStatement("SELECT service_password FROM users WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static User user(String id, String servicePassword) {
        return new User(id, id, id + "@example.test", "hash", Set.of(Role.USER), true, Shell.BASH, "UTC",
                servicePassword, Instant.now());
    }
}
