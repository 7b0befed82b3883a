package dev.warren.bench.load;

import dev.warren.bench.BenchServer;
import dev.warren.client.RunOptions;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 13 benchmark, one run, one engine: p50/p99 of {@code GET /api/spaces} (10 sandboxes listed) idle and while 50
 * commands run at once ({@code sleep 1} in a loop, through the agent), next to {@code GET /health/live} (the HTTP stack
 * alone, no store) measured the same way. Usage: bench/run.sh load [requests] [engine-host]
 */
public final class ApiLoadBench {
    private static final int SANDBOXES = 10;
    private static final int COMMANDS = 50;

    private ApiLoadBench() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        try (BenchServer bench = BenchServer.start(host)) {
            Warren warren = bench.warren();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SANDBOXES; i++) {
                ids.add(warren.sandboxes().create(SandboxOptions.defaults().withTimeout(Duration.ofMinutes(30))).id());
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + bench.server().port();
            String token = warren.connection().token();
            measure(http, base + "/api/spaces", token, 50); // warm-up
            List<Double> idleList = measure(http, base + "/api/spaces", token, requests);
            List<Double> idleLive = measure(http, base + "/health/live", null, requests);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong commands = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                String id = ids.get(i % ids.size());
                load.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        warren.processes(id).run("sleep 1; echo done", RunOptions.shell());
                        commands.incrementAndGet();
                    }
                }));
            }
            Thread.sleep(2_000); // every command started
            List<Double> busyList = measure(http, base + "/api/spaces", token, requests);
            List<Double> busyLive = measure(http, base + "/health/live", null, requests);
            running.set(false);
            for (Thread thread : load) {
                thread.join(10_000);
            }
            ids.forEach(warren.sandboxes()::kill);
            print("GET /api/spaces, idle      ", idleList);
            print("GET /health/live, idle     ", idleLive);
            print("GET /api/spaces, 50 running", busyList);
            print("GET /health/live, 50 running", busyLive);
            System.out.printf("commands completed meanwhile: %d%n", commands.get());
        }
    }

    private static List<Double> measure(HttpClient http, String url, String token, int count) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            millis.add((System.nanoTime() - start) / 1e6);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
        }
        return millis;
    }

    private static void print(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, at(sorted, 50), at(sorted, 99),
                sorted.getLast());
    }

    private static double at(List<Double> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
