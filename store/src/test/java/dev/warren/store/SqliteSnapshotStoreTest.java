package dev.warren.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The snapshots table on a SQLite file. */
class SqliteSnapshotStoreTest extends SnapshotStoreContract {
    @TempDir
    Path directory;

    @Override
    protected Database openDatabase() {
        return Database.open("jdbc:sqlite:" + directory.resolve("warren.db"));
    }
}
