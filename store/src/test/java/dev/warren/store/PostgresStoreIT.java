package dev.warren.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on PostgreSQL ({@link PostgresSchema}: a schema per test; skipped without WARREN_TEST_PG_URL). */
class PostgresStoreIT extends StoreContract {
    private final PostgresSchema postgres = new PostgresSchema();

    @BeforeAll
    static void requirePostgres() {
        PostgresSchema.require();
    }

    @Override
    protected Database openDatabase() throws Exception {
        return postgres.open();
    }

    @Override
    protected String expectedVendor() {
        return "postgresql";
    }

    @AfterEach
    void dropSchema() throws Exception {
        postgres.drop();
    }
}
