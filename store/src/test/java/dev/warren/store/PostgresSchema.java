package dev.warren.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A random schema on the PostgreSQL at {@code WARREN_TEST_PG_URL} (scripts/postgres.sh prints one) for one test,
 * dropped afterwards, so runs never collide. The PostgreSQL store tests are skipped when the variable is unset.
 */
final class PostgresSchema {
    private static final String URL = System.getenv("WARREN_TEST_PG_URL");
    private String schema;

    static void require() {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(),
                "WARREN_TEST_PG_URL is not set; start one with scripts/postgres.sh to run the PostgreSQL store tests.");
    }

    Database open() throws Exception {
        schema = "warren_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        return Database.open(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    void drop() throws Exception {
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
            schema = null;
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(URL);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
