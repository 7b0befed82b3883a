package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file, plus what only a file database has: WAL, pragmas, reopening. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path directory;

    @Override
    protected Database openDatabase() {
        return Database.open(url());
    }

    @Override
    protected String expectedVendor() {
        return "sqlite";
    }

    private String url() {
        return "jdbc:sqlite:" + directory.resolve("warren.db");
    }

    @Test
    void every_connection_uses_wal_foreign_keys_a_busy_timeout_and_normal_sync() {
        for (int connection = 0; connection < 3; connection++) {
            database.jdbi().useHandle(handle -> {
                assertThat(pragma(handle, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(handle, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(handle, "busy_timeout")).isEqualTo("5000");
                assertThat(pragma(handle, "synchronous")).isEqualTo("1");
            });
        }
        assertThat(directory.resolve("warren.db-wal")).exists();
    }

    @Test
    void data_survives_reopening_the_file() {
        var script = Fixtures.script("kept");
        scripts.insert(script);
        database.close();
        database = Database.open(url());
        assertThat(new ScriptStore(database.jdbi()).findById(script.id())).contains(script);
        assertThat(new UserStore(database.jdbi()).list()).containsExactly(alice, bob);
    }

    @Test
    void the_parent_directory_of_a_new_file_is_created() throws Exception {
        Path nested = directory.resolve("a/b/c.db");
        try (Database fresh = Database.open("jdbc:sqlite:" + nested)) {
            assertThat(new UserStore(fresh.jdbi()).count()).isZero();
        }
        assertThat(Files.isRegularFile(nested)).isTrue();
    }

    @Test
    void a_url_of_another_database_is_refused() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/warren"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:sqlite:");
    }

    private static String pragma(org.jdbi.v3.core.Handle handle, String name) {
        List<String> values = handle.createQuery("PRAGMA " + name).mapTo(String.class).list();
        return values.getFirst();
    }
}
