package dev.warren.client.wire;

import java.time.Instant;

/** Scripts stored on the server and run in spaces by name. */
public final class Scripts {
    private Scripts() {}

    public record ScriptRequest(String name, String description, String content) {}

    public record ScriptInfo(String id, String name, String description, String content, Instant createdAt,
            Instant updatedAt) {}
}
