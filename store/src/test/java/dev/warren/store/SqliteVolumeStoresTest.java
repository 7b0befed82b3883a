package dev.warren.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The volume stores on a SQLite file. */
class SqliteVolumeStoresTest extends VolumeStoresContract {
    @TempDir
    Path directory;

    @Override
    protected Database openDatabase() {
        return Database.open("jdbc:sqlite:" + directory.resolve("warren.db"));
    }
}
