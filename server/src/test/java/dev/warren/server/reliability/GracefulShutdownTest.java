package dev.warren.server.reliability;

import dev.warren.client.RunOptions;
import dev.warren.client.Warren;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.server.support.RawHttp;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server asked to stop (SIGTERM runs the same close) lets a request in flight finish, refuses new ones with 503
 * and a sentence meanwhile, and leaves the spaces running for the next start to adopt. On the in-memory runtime.
 */
class GracefulShutdownTest {

    @Test
    void a_request_in_flight_finishes_while_new_ones_are_refused_and_spaces_keep_running() throws Exception {
        TestServer server = TestServer.sqlite(TestServer.MEMORY, Map.of("WARREN_SHUTDOWN_GRACE_SECONDS", "20"));
        try {
            Warren admin = server.admin();
            String space = TestServer.randomName("busy");
            admin.create(space, "base");
            admin.start(space);
            AtomicReference<Object> slow = new AtomicReference<>();
            Thread request = Thread.ofVirtual().start(() -> {
                try {
                    slow.set(admin.run(space, "sleep", "2"));
                } catch (RuntimeException failed) {
                    slow.set(failed);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (admin.processes(space).list().stream().noneMatch(p -> p.running() && p.argv().contains("2"))) {
                assertThat(System.nanoTime()).as("the slow request runs").isLessThan(deadline);
                Thread.onSpinWait();
            }
            RawHttp raw = new RawHttp(server.url());
            Thread stopping = Thread.ofVirtual().start(server::halt);
            RawHttp.Answer refused = null;
            while (refused == null || refused.status() != 503) {
                assertThat(System.nanoTime()).as("a new request is refused while stopping").isLessThan(deadline);
                refused = raw.send("GET", "/health/live", null);
            }
            assertThat(refused.body()).contains("shutting down");
            request.join(10_000);
            stopping.join(30_000);
            assertThat(slow.get()).as("the request in flight finished")
                    .isInstanceOfSatisfying(RunResult.class, result -> assertThat(result.exitCode()).isZero());

            server.boot();
            assertThat(server.admin().get(space).isRunning()).as("the space kept running").isTrue();
            assertThat(server.admin().processes(space).run("echo adopted", RunOptions.shell()).stdout())
                    .isEqualTo("adopted\n");
        } finally {
            server.close();
        }
    }
}
