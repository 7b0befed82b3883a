package dev.warren.server.api;

import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.Assumptions;

/** The foundation contract on PostgreSQL (the throwaway server ./test.sh starts; WARREN_TEST_PG_URL). */
class FoundationPostgresIT extends FoundationContract {
    @Override
    TestServer startServer() {
        String url = System.getenv("WARREN_TEST_PG_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "WARREN_TEST_PG_URL is unset: run ./test.sh, which starts a throwaway PostgreSQL");
        return TestServer.postgres(TestServer.DOCKER, url);
    }
}
