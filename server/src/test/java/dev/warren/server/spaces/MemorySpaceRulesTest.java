package dev.warren.server.spaces;

import dev.warren.server.support.TestServer;

/** The space rules, once, on the in-memory runtime: they do not depend on an engine. */
class MemorySpaceRulesTest extends SpaceRulesContract {
    @Override
    String engineHost() {
        return TestServer.MEMORY;
    }
}
