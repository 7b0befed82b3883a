package dev.warren.server.api;

import dev.warren.server.support.TestServer;

/** The foundation contract on a SQLite file. */
class FoundationSqliteIT extends FoundationContract {
    @Override
    TestServer startServer() {
        return TestServer.sqlite(TestServer.DOCKER);
    }
}
