package dev.warren.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The snapshot store on PostgreSQL at {@code WARREN_TEST_PG_URL} (scripts/postgres.sh prints one), each test in a
 * random schema dropped afterwards. Skipped when the variable is unset.
 */
class PostgresSnapshotStoreIT extends SnapshotStoreContract {
    private static final String URL = System.getenv("WARREN_TEST_PG_URL");
    private String schema;

    @BeforeAll
    static void requirePostgres() {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(),
                "WARREN_TEST_PG_URL is not set; start one with scripts/postgres.sh to run the PostgreSQL store tests.");
    }

    @Override
    protected Database openDatabase() throws Exception {
        schema = "warren_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        return Database.open(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
