package dev.warren.server.isolation;

import dev.warren.client.Warren;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Isolation and trust between tenants, on a real engine: each finding of the security sweep (issue "isolation") as a
 * test that failed before its fix. Two users, alice and bob, each with running spaces; every probe is bounded in time
 * and targets only spaces, namespaces or loopback addresses the test made itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantIsolationContract {
    protected TestServer server;
    protected Warren admin;
    protected Warren alice;
    protected Warren bob;
    protected String aliceName;
    protected String bobName;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        admin = server.admin();
        aliceName = TestServer.randomName("alice");
        bobName = TestServer.randomName("bob");
        alice = server.newUser(aliceName);
        bob = server.newUser(bobName);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // --- network isolation and egress (tests below this line) ---

    // --- limits, capabilities and template keys (tests below this line) ---

    // --- space tokens, shares and secrets (tests below this line) ---
}
