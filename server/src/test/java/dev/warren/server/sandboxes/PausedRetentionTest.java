package dev.warren.server.sandboxes;

import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.server.support.Poll;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox paused by its timeout for longer than the paused retention is not lost: its files go to a snapshot in
 * its owner's list, it stops (no memory held), and connect starts it again from that snapshot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PausedRetentionTest {
    private TestServer server;
    private Warren alice;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY, Map.of("WARREN_SANDBOX_PAUSED_RETENTION_SECONDS", "1"));
        alice = server.newUser(TestServer.randomName("alice"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_sandbox_paused_past_the_retention_is_snapshotted_stopped_and_comes_back_with_its_files_on_connect() {
        Sandbox sandbox = Sandbox.create(alice, SandboxOptions.defaults().withTimeout(Duration.ofSeconds(1))
                .withOnTimeout("pause").withKeepAlive(true));
        sandbox.files().write("/workspace/notes.txt", "kept");
        Poll.until("the sandbox stopped after its paused retention", Duration.ofSeconds(20),
                () -> "stopped".equals(sandbox.refresh().state()));
        assertThat(alice.snapshots().list()).anyMatch(snapshot -> snapshot.name().startsWith(
                sandbox.info().name() + "-paused-"));
        assertThat(Instant.parse(sandbox.info().endAt())).isAfter(Instant.now().plus(Duration.ofDays(1)));
        try (Sandbox again = Sandbox.connect(alice, sandbox.id(), true)) {
            assertThat(again.info().state()).isEqualTo("running");
            assertThat(again.commands().run("cat /workspace/notes.txt", RunOptions.shell()).stdout())
                    .isEqualTo("kept");
        }
    }

}
