package dev.warren.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionTest {
    @TempDir
    Path home;

    private Path configFile() {
        return home.resolve("config/warren/config.json");
    }

    private void writeConfig(String server, String token) {
        new ConfigFile(server, token, "alice").write(configFile());
    }

    @Test
    void explicit_arguments_win_over_the_environment_and_the_file() {
        writeConfig("http://file.example:3000", "file-token");
        Connection connection = Connection.resolve("http://explicit.example", "explicit-token",
                Map.of("WARREN_SERVER", "http://env.example", "WARREN_TOKEN", "env-token"), configFile());
        assertThat(connection.server()).hasToString("http://explicit.example");
        assertThat(connection.token()).isEqualTo("explicit-token");
    }

    @Test
    void the_environment_wins_over_the_file() {
        writeConfig("http://file.example:3000", "file-token");
        Connection connection = Connection.resolve(null, null,
                Map.of("WARREN_SERVER", "http://env.example/", "WARREN_TOKEN", "env-token"), configFile());
        assertThat(connection.server()).hasToString("http://env.example");
        assertThat(connection.token()).isEqualTo("env-token");
    }

    @Test
    void the_file_is_used_when_nothing_else_is_set() {
        writeConfig("http://file.example:3000/", "file-token");
        Connection connection = Connection.resolve(null, null, Map.of(), configFile());
        assertThat(connection.server()).hasToString("http://file.example:3000");
        assertThat(connection.token()).isEqualTo("file-token");
        assertThat(connection.insideSpace()).isFalse();
    }

    @Test
    void an_explicit_token_combines_with_the_file_server() {
        writeConfig("http://file.example:3000", "file-token");
        Connection connection = Connection.resolve(null, "explicit-token", Map.of(), configFile());
        assertThat(connection.server()).hasToString("http://file.example:3000");
        assertThat(connection.token()).isEqualTo("explicit-token");
    }

    @Test
    void the_file_token_is_never_sent_to_another_server() {
        writeConfig("http://file.example:3000", "file-token");
        Connection connection = Connection.resolve("http://other.example", null, Map.of(), configFile());
        assertThat(connection.token()).isNull();
    }

    @Test
    void the_file_token_is_used_when_the_explicit_server_is_the_file_server() {
        writeConfig("http://file.example:3000", "file-token");
        Connection connection = Connection.resolve("http://file.example:3000/", null, Map.of(), configFile());
        assertThat(connection.token()).isEqualTo("file-token");
    }

    @Test
    void inside_a_space_the_environment_alone_is_enough() {
        Connection connection = Connection.resolve(null, null, Map.of("WARREN_SERVER", "http://warren:3000",
                "WARREN_TOKEN", "space-token", "WARREN_SPACE_ID", "sp-1", "WARREN_SPACE_NAME", "frontend"),
                home.resolve("missing.json"));
        assertThat(connection.insideSpace()).isTrue();
        assertThat(connection.spaceId()).isEqualTo("sp-1");
        assertThat(connection.spaceName()).isEqualTo("frontend");
        assertThat(connection.token()).isEqualTo("space-token");
    }

    @Test
    void no_server_anywhere_is_a_not_configured_error_naming_the_fixes() {
        assertThatThrownBy(() -> Connection.resolve(null, null, Map.of(), home.resolve("missing.json")))
                .isInstanceOf(WarrenException.NotConfigured.class)
                .hasMessageContaining("--server").hasMessageContaining("WARREN_SERVER")
                .hasMessageContaining("warren login");
    }

    @Test
    void a_server_that_is_not_an_http_url_is_refused() {
        assertThatThrownBy(() -> Connection.resolve("ftp://example", null, Map.of(), home.resolve("missing.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    }

    @Test
    void blank_values_count_as_unset() {
        writeConfig("http://file.example:3000", "file-token");
        Connection connection = Connection.resolve(" ", "", Map.of("WARREN_SERVER", "", "WARREN_TOKEN", " "),
                configFile());
        assertThat(connection.server()).hasToString("http://file.example:3000");
        assertThat(connection.token()).isEqualTo("file-token");
    }

    @Test
    void to_string_never_shows_the_token() {
        Connection connection = new Connection(java.net.URI.create("http://x.example"), "secret-token", null, null);
        assertThat(connection.toString()).doesNotContain("secret-token");
        assertThat(new ConfigFile("http://x", "secret-token", "a").toString()).doesNotContain("secret-token");
    }

    @Test
    void the_config_file_is_written_with_mode_0600_in_a_0700_directory() throws Exception {
        writeConfig("http://file.example:3000", "file-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configFile().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void rewriting_the_config_file_replaces_it_and_keeps_mode_0600() throws Exception {
        Files.createDirectories(configFile().getParent());
        Files.writeString(configFile(), "{\"server\":\"http://old\",\"token\":\"old\"}");
        Files.setPosixFilePermissions(configFile(), PosixFilePermissions.fromString("rw-r--r--"));
        writeConfig("http://new.example", "new-token");
        assertThat(ConfigFile.read(configFile())).contains(new ConfigFile("http://new.example", "new-token", "alice"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configFile()))).isEqualTo("rw-------");
        try (var listing = Files.list(configFile().getParent())) {
            assertThat(listing).containsExactly(configFile());
        }
    }

    @Test
    void the_default_path_follows_xdg_config_home_then_home() {
        assertThat(ConfigFile.defaultPath(Map.of("XDG_CONFIG_HOME", "/x/conf", "HOME", "/home/a")))
                .isEqualTo(Path.of("/x/conf/warren/config.json"));
        assertThat(ConfigFile.defaultPath(Map.of("HOME", "/home/a")))
                .isEqualTo(Path.of("/home/a/.config/warren/config.json"));
        assertThat(ConfigFile.defaultPath(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/home/a")))
                .isEqualTo(Path.of("/home/a/.config/warren/config.json"));
    }

    @Test
    void an_unreadable_config_file_is_reported_with_its_path() throws Exception {
        Files.createDirectories(configFile().getParent());
        Files.writeString(configFile(), "not json");
        assertThatThrownBy(() -> Connection.resolve(null, null, Map.of(), configFile()))
                .hasMessageContaining(configFile().toString());
    }
}
