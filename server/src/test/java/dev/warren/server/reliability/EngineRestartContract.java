package dev.warren.server.reliability;

import dev.warren.client.Warren;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.RawHttp;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's API goes away and comes back while spaces run, as an operator restarting it would see: while it is
 * down the server says so (readiness 503 naming the runtime, spaces 'unknown', nothing marked stopped); once it is
 * back, spaces their users wanted running run again without anyone pressing Start, and a persistent forward between
 * them carries traffic. The periodic reconciler does it (every 2 s here; 30 s by default).
 */
abstract class EngineRestartContract {
    private static final String WEB = "image: warren-base:latest\ncommand: [\"sh\", \"-c\", \"mkdir -p /www && "
            + "hostname > /www/index.html && exec httpd -f -p 80 -h /www\"]\n";

    abstract String engineHost();

    /** Stops the engine's API (and, for Docker, its containers with it). Bounded in time. */
    abstract void stopEngine() throws Exception;

    static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed");
        }
    }

    /** Brings the engines back the way ./test.sh and ./run.sh start them. */
    private static void startEngines() throws Exception {
        run(Path.of("..", "scripts", "engines.sh").toAbsolutePath().normalize().toString());
    }

    private static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + seconds + " s waiting until " + what);
            }
            Thread.sleep(250);
        }
    }

    private static boolean quietly(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    @Test
    void running_spaces_and_their_forwards_come_back_after_an_engine_restart() throws Exception {
        try (TestServer server = TestServer.sqlite(engineHost(), Map.of("WARREN_RECONCILE_SECONDS", "2"))) {
            Warren admin = server.admin();
            String web = TestServer.randomName("web");
            admin.templates().create(new TemplateRequest(web, "", "", WEB, List.of(), true));
            String target = TestServer.randomName("target");
            admin.create(target, web);
            admin.start(target);
            String source = TestServer.randomName("source");
            admin.create(source, "base");
            admin.start(source);
            String stopped = TestServer.randomName("stays-stopped");
            admin.create(stopped, "base");
            int port = 20_000 + (int) (System.nanoTime() % 10_000);
            admin.portForward(source, port, target, 80, true, false);
            await(() -> fetch(admin, source, port).exitCode() == 0, 30, "the forward carries traffic");
            RawHttp raw = new RawHttp(server.url());

            try {
                stopEngine();
                await(() -> raw.send("GET", "/health", null).status() == 503, 30, "readiness says the runtime is down");
                assertThat(raw.send("GET", "/health", null).body()).contains("runtime");
                assertThat(raw.send("GET", "/health/live", null).status()).isEqualTo(200);
                // Docker stops its containers before its API goes away, so a pass in between may have seen them
                // stop; once the API is gone nothing more is concluded: 'unknown' (Podman) or still 'stopped'.
                assertThat(admin.get(source).state()).isIn("unknown", "stopped");
                assertThat(admin.get(stopped).state()).isEqualTo("stopped");
            } finally {
                startEngines();
            }

            await(() -> raw.send("GET", "/health", null).status() == 200, 60, "readiness is back");
            await(() -> quietly(() -> admin.get(source).isRunning() && admin.get(target).isRunning()), 60,
                    "both spaces run again, nobody pressed Start");
            await(() -> quietly(() -> fetch(admin, source, port).exitCode() == 0), 60,
                    "the persistent forward carries traffic again");
            assertThat(admin.get(stopped).state()).as("a space nobody started stays stopped").isEqualTo("stopped");
            admin.stop(source);
            admin.stop(target);
        }
    }

    @Test
    void operations_cut_short_by_the_engine_leave_the_store_and_the_engine_agreeing() throws Exception {
        try (TestServer server = TestServer.sqlite(engineHost(), Map.of("WARREN_RECONCILE_SECONDS", "2"))) {
            Warren admin = server.admin();
            String uploading = TestServer.randomName("upload");
            admin.create(uploading, "base");
            admin.start(uploading);
            String deleting = TestServer.randomName("delete");
            admin.create(deleting, "base");
            String starting = TestServer.randomName("start");
            admin.create(starting, "base");
            byte[] content = new byte[32 << 20];
            new java.util.Random(7).nextBytes(content);
            List<Thread> work = List.of(
                    Thread.ofVirtual().start(() -> quietly(() -> {
                        admin.writeFile(uploading, "/tmp/upload.bin", content);
                        return true;
                    })),
                    Thread.ofVirtual().start(() -> quietly(() -> {
                        admin.delete(deleting);
                        return true;
                    })),
                    Thread.ofVirtual().start(() -> quietly(() -> admin.start(starting).isRunning())));
            try {
                stopEngine();
            } finally {
                startEngines();
            }
            for (Thread thread : work) {
                thread.join(60_000);
            }
            RawHttp raw = new RawHttp(server.url());
            await(() -> raw.send("GET", "/health", null).status() == 200, 60, "readiness is back");
            var runtime = server.server().services().runtime();
            // The reconciler (every 2 s) finishes what was cut short and restores what is wanted running.
            await(() -> quietly(() -> admin.listAll().stream().allMatch(space ->
                    (space.state().equals("running") || space.state().equals("stopped"))
                            && runtime.inspect(space.id()).filter(status -> status.running()).isPresent()
                            == space.isRunning())), 60, "the store and the engine agree on every space");
            assertThat(admin.listAll()).noneMatch(space -> space.name().equals(deleting) && space.isRunning());
            if (admin.get(uploading).isRunning()) {
                var written = admin.run(uploading, "sh", "-c", "test -e /tmp/upload.bin && wc -c < /tmp/upload.bin");
                assertThat(written.exitCode() != 0 || written.output().strip().equals(String.valueOf(content.length)))
                        .as("an upload is whole or absent, never torn: " + written.output()).isTrue();
            }
            for (var resource : runtime.resources()) {
                assertThat(admin.listAll()).as("what the engine holds belongs to a space: " + resource.name())
                        .anyMatch(space -> space.id().equals(resource.spaceId()));
            }
        }
    }

    private static RunResult fetch(Warren owner, String source, int port) {
        return owner.run(source, "sh", "-c", "timeout 3 wget -q -O- http://127.0.0.1:" + port + "/ >/dev/null");
    }
}
