package dev.warren.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The port URL stores on a SQLite file. */
class SqlitePortUrlStoresTest extends PortUrlStoresContract {
    @TempDir
    Path directory;

    @Override
    protected Database openDatabase() {
        return Database.open("jdbc:sqlite:" + directory.resolve("warren.db"));
    }
}
