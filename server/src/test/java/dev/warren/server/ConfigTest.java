package dev.warren.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults_just_work_without_any_setting() throws IOException {
        Path none = Files.writeString(dir.resolve("empty.properties"), "");
        Config config = Config.load(Map.of("WARREN_CONFIG", none.toString()));
        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:./data/warren.db");
        assertThat(config.adminUsername()).isEqualTo("admin");
        assertThat(config.sessionLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.spaceServerUrlOrBridge()).isEqualTo("http://127.0.0.1:7399");
    }

    @Test
    void the_file_sets_values_and_the_environment_wins_over_it() throws IOException {
        Path file = Files.writeString(dir.resolve("warren.properties"),
                "port=4000\ndatabase.url=jdbc:postgresql://db/warren\nzone=eu\n");
        Config config = Config.load(Map.of("WARREN_CONFIG", file.toString(), "WARREN_ZONE", "us"));
        assertThat(config.port()).isEqualTo(4000);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db/warren");
        assertThat(config.zone()).isEqualTo("us");
        assertThat(config.publicUrl()).isEqualTo("http://localhost:4000");
    }

    @Test
    void a_bad_number_or_a_missing_named_file_is_a_clear_error() throws IOException {
        Path none = Files.writeString(dir.resolve("empty.properties"), "");
        assertThatThrownBy(() -> Config.load(Map.of("WARREN_CONFIG", none.toString(), "WARREN_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WARREN_PORT")
                .hasMessageContaining("eighty");
        assertThatThrownBy(() -> Config.load(Map.of("WARREN_CONFIG", dir.resolve("nope.properties").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void the_cli_dir_resolves_the_current_bundle_version_at_every_read() throws IOException {
        Path none = Files.writeString(dir.resolve("empty.properties"), "");
        Path root = Files.createDirectories(dir.resolve("space-cli"));
        Path first = Files.createDirectories(root.resolve("aaaa"));
        Path second = Files.createDirectories(root.resolve("bbbb"));
        Files.createSymbolicLink(root.resolve("current"), Path.of("aaaa"));
        Config config = Config.load(Map.of("WARREN_CONFIG", none.toString(), "WARREN_CLI_DIR", root.toString()));
        assertThat(config.cliDir()).isEqualTo(first.toRealPath().toString());
        // scripts/space-cli.sh flips the link with a rename; the next space start mounts the new version
        Files.createSymbolicLink(root.resolve(".current.tmp"), Path.of("bbbb"));
        Files.move(root.resolve(".current.tmp"), root.resolve("current"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(config.cliDir()).isEqualTo(second.toRealPath().toString());
        // a plain bundle directory (older layout, or configured by hand) is used as it is; none configured is none
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThat(Config.load(Map.of("WARREN_CONFIG", none.toString(), "WARREN_CLI_DIR", plain.toString()))
                .cliDir()).isEqualTo(plain.toRealPath().toString());
        assertThat(Config.load(Map.of("WARREN_CONFIG", none.toString(), "WARREN_CLI_DIR", "")).cliDir()).isEmpty();
    }
}
