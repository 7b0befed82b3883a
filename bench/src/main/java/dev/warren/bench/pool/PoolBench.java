package dev.warren.bench.pool;

import dev.warren.bench.BenchServer;
import dev.warren.bench.Shell;
import dev.warren.bench.Stats;
import dev.warren.client.RunOptions;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.client.wire.Sandboxes.SandboxInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Issue 13 benchmark, one run, one engine: sandbox create → first output of {@code echo hi} (create, then run, through
 * the SDK) served from a warm pool (hit) and cold (miss), next to {@code docker run --rm IMAGE echo hi} in the same
 * run; prints p50/p95 and the ratios. Usage: bench/run.sh pool [iterations] [engine-host] [docker-cli]
 */
public final class PoolBench {
    private PoolBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        String cli = args.length > 2 ? args[2] : "docker";
        String image = "warren-base:latest";
        try (BenchServer bench = BenchServer.start(host)) {
            Warren warren = bench.warren();
            String template = bench.template("image: " + image + "\ncommand: [sleep, infinity]\n");
            for (int i = 0; i < 3; i++) { // warm-up: JIT, connections, the owner's network
                warren.sandboxes().kill(firstOutput(warren, template).id());
                Shell.run(cli, "run", "--rm", image, "echo", "hi");
            }
            List<Double> cold = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                SandboxInfo sandbox = firstOutput(warren, template);
                cold.add(Stats.millisSince(start));
                warren.sandboxes().kill(sandbox.id());
                start = System.nanoTime();
                Shell.run(cli, "run", "--rm", image, "echo", "hi");
                raw.add(Stats.millisSince(start));
            }
            warren.templates().setPool(template, 3, 12, Duration.ofMinutes(30));
            warren.sandboxes().kill(firstOutput(warren, template).id()); // a miss: the owner is active now
            List<Double> hits = new ArrayList<>();
            List<String> made = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                awaitReady(warren, template);
                long start = System.nanoTime();
                SandboxInfo sandbox = firstOutput(warren, template);
                hits.add(Stats.millisSince(start));
                made.add(sandbox.id());
            }
            var pool = warren.templates().pool(template);
            made.forEach(warren.sandboxes()::kill);
            warren.templates().setPool(template, 0, 0, Duration.ofMinutes(30));
            System.out.printf("create → first output, pool hit: p50 %.1f ms, p95 %.1f ms (hits %d, misses %d)%n",
                    percentile(hits, 50), percentile(hits, 95), pool.hits(), pool.misses());
            System.out.printf("create → first output, cold:     p50 %.1f ms, p95 %.1f ms%n", percentile(cold, 50),
                    percentile(cold, 95));
            System.out.printf("%s run --rm %s echo hi:      p50 %.1f ms, p95 %.1f ms%n", cli, image,
                    percentile(raw, 50), percentile(raw, 95));
            System.out.printf("ratios to %s run --rm (p50): hit %.2fx, cold %.2fx%n", cli,
                    percentile(hits, 50) / percentile(raw, 50), percentile(cold, 50) / percentile(raw, 50));
        }
    }

    private static SandboxInfo firstOutput(Warren warren, String template) {
        SandboxInfo sandbox = warren.sandboxes().create(SandboxOptions.defaults().withTemplate(template)
                .withTimeout(Duration.ofMinutes(30)));
        String out = warren.processes(sandbox.id()).run("echo hi", RunOptions.shell()).stdout();
        if (!out.equals("hi\n")) {
            throw new IllegalStateException("unexpected output: " + out);
        }
        return sandbox;
    }

    private static void awaitReady(Warren warren, String template) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (warren.templates().pool(template).ready() < 1) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the pool did not refill within a minute");
            }
            Thread.sleep(20);
        }
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
