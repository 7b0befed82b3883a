package dev.warren.server.reliability;

import dev.warren.client.Warren;
import dev.warren.server.support.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server as its own process (the packaged jar, as ./run.sh runs it), so a test can kill it with SIGKILL at
 * any moment and start it again on the same data directory. The repository root is its working directory.
 */
final class ServerProcess implements AutoCloseable {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("server/target/warren-server.jar");

    private final Map<String, String> env = new HashMap<>();
    private final Path log;
    private Process process;

    ServerProcess(String engineHost, Path dataDir) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("The server jar " + JAR + " is missing: the ITs run after 'package'.");
        }
        Files.writeString(dataDir.resolve("none.properties"), "");
        env.put("WARREN_PORT", String.valueOf(freePort()));
        env.put("WARREN_PORT_PROXY_PORT", "0");
        env.put("WARREN_HOST", "127.0.0.1");
        env.put("WARREN_DATA_DIR", dataDir.toString());
        env.put("WARREN_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        env.put("WARREN_BCRYPT_COST", "4");
        env.put("WARREN_RECONCILE_SECONDS", "3600");
        env.put("WARREN_CONFIG", dataDir.resolve("none.properties").toString());
        env.put("WARREN_ENGINE_HOST", engineHost);
        env.put("WARREN_LOG_LEVEL", "WARN");
        log = dataDir.resolve("server.log");
    }

    /** The settings it runs with. */
    dev.warren.server.Config config() {
        return dev.warren.server.Config.load(env);
    }

    String url() {
        return "http://127.0.0.1:" + env.get("WARREN_PORT");
    }

    /** Starts it and waits until it serves; returns an admin client. */
    Warren start() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError("The server exited with " + process.exitValue() + ":\n"
                            + Files.readString(log));
                }
                try {
                    HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(url() + "/health/live"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (live.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The server did not start within 60 s:\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
        return Warren.connect(url(), Warren.login(url(), "admin", TestServer.ADMIN_PASSWORD, "chaos", null).token());
    }

    /** SIGKILL: no shutdown hook, no flush, as a power cut or an OOM kill would do. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
