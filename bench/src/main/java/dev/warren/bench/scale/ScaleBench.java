package dev.warren.bench.scale;

import dev.warren.bench.BenchServer;
import dev.warren.bench.Shell;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 13 benchmark: sandboxes started in steps up to a total (default 200), eight at a time; at 0, 50 and the total,
 * the server's resident memory (this JVM: the server runs in it), the host's used memory, and p50/p99 of
 * {@code GET /api/spaces}; a burst of 100 concurrent creates is the last step (success count, p50/p95).
 * Usage: bench/run.sh scale [total] [engine-host]
 */
public final class ScaleBench {
    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        try (BenchServer bench = BenchServer.start(host)) {
            Warren warren = bench.warren();
            String template = bench.template("image: warren-base:latest\ncommand: [sleep, infinity]\n"
                    + "memory: 64m\n");
            List<String> made = Collections.synchronizedList(new ArrayList<>());
            report(bench, warren, 0);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            int[] steps = total >= 50 ? new int[] {50, total} : new int[] {total};
            for (int step : steps) {
                List<Future<?>> starts = new ArrayList<>();
                while (made.size() + starts.size() < step) {
                    starts.add(pool.submit(() -> made.add(warren.sandboxes().create(SandboxOptions.defaults()
                            .withTemplate(template).withTimeout(Duration.ofHours(1))).id())));
                }
                for (Future<?> start : starts) {
                    start.get();
                }
                report(bench, warren, made.size());
            }
            pool.shutdown();
            burst(warren, template, made);
            List<Future<?>> kills = new ArrayList<>();
            ExecutorService killers = Executors.newFixedThreadPool(8);
            for (String id : List.copyOf(made)) {
                kills.add(killers.submit(() -> warren.sandboxes().kill(id)));
            }
            for (Future<?> kill : kills) {
                kill.get();
            }
            killers.shutdown();
        }
    }

    private static void burst(Warren warren, String template, List<String> made) throws Exception {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Double>> creates = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            creates.add(threads.submit(() -> {
                long start = System.nanoTime();
                made.add(warren.sandboxes().create(SandboxOptions.defaults().withTemplate(template)
                        .withTimeout(Duration.ofHours(1))).id());
                return (System.nanoTime() - start) / 1e6;
            }));
        }
        List<Double> millis = new ArrayList<>();
        int failed = 0;
        for (Future<Double> create : creates) {
            try {
                millis.add(create.get());
            } catch (Exception error) {
                failed++;
                System.out.println("burst create failed: " + error.getMessage());
            }
        }
        threads.shutdown();
        Collections.sort(millis);
        System.out.printf("burst of 100 concurrent creates: %d succeeded, %d failed; p50 %.0f ms, p95 %.0f ms%n",
                millis.size(), failed, at(millis, 50), at(millis, 95));
    }

    private static void report(BenchServer bench, Warren warren, int running) throws Exception {
        System.gc();
        long rss = rssKilobytes();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        String hostUsed = Shell.run("sh", "-c", "free -m | awk '/Mem:/ {print $3}'").strip();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + bench.server().port() + "/api/spaces")).header("Authorization", "Bearer "
                    + warren.connection().token()).build(), HttpResponse.BodyHandlers.ofByteArray());
            millis.add((System.nanoTime() - start) / 1e6);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /api/spaces answered " + answer.statusCode());
            }
        }
        Collections.sort(millis);
        System.out.printf("%3d running: server RSS %d MiB (heap used %d MiB), host memory used %s MiB, GET /api/spaces"
                + " p50 %.1f ms p99 %.1f ms%n", running, rss / 1024, heap / 1024, hostUsed, at(millis, 50),
                at(millis, 99));
    }

    private static long rssKilobytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double at(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
