package dev.warren.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The uploads table on a SQLite file. */
class SqliteUploadStoreTest extends UploadStoreContract {
    @TempDir
    Path directory;

    @Override
    protected Database openDatabase() {
        return Database.open("jdbc:sqlite:" + directory.resolve("warren.db"));
    }
}
