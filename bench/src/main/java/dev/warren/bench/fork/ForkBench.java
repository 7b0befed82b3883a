package dev.warren.bench.fork;

import dev.warren.bench.BenchServer;
import dev.warren.bench.Shell;
import dev.warren.bench.Stats;
import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;
import dev.warren.client.Warren;
import dev.warren.client.wire.Sandboxes.SandboxInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 12 benchmark, one run, same engine, same container: a sandbox with 100 MB of written files (ten 10 MB files
 * of random bytes in its work tree) is forked into n = 1 and n = 5 running sandboxes through the API, next to the raw
 * engine doing the same work on the same container: {@code docker commit} (paused) then n {@code docker run -d}
 * started at once. Also a named snapshot alone (commit + volume copies) vs {@code docker commit}.
 * Usage: bench/run.sh fork [iterations] [engine-host] [docker-cli]
 */
public final class ForkBench {
    private ForkBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        String cli = args.length > 2 ? args[2] : "docker";
        try (BenchServer bench = BenchServer.start(host)) {
            Warren warren = bench.warren();
            String template = bench.template("image: warren-base:latest\ncommand: [sleep, infinity]\n");
            try (Sandbox parent = Sandbox.create(warren, SandboxOptions.defaults().withTemplate(template))) {
                parent.commands().run("for i in 0 1 2 3 4 5 6 7 8 9; do head -c 10485760 /dev/urandom"
                        + " > /workspace/file-$i; done; du -sm /workspace", RunOptions.shell());
                String container = bench.server().docker().labels().containerName(parent.id());
                fork(warren, parent, 1); // warm-up: first commit, first starts
                raw(cli, container, 1);
                Stats snapshot = new Stats();
                Stats rawCommit = new Stats();
                Stats[] forks = {new Stats(), new Stats()};
                Stats[] raws = {new Stats(), new Stats()};
                int[] counts = {1, 5};
                for (int i = 0; i < iterations; i++) {
                    long start = System.nanoTime();
                    String name = "bench-" + UUID.randomUUID().toString().substring(0, 6);
                    String id = parent.snapshot(name).id();
                    snapshot.add(Stats.millisSince(start));
                    warren.snapshots().delete(id);
                    start = System.nanoTime();
                    String image = commit(cli, container);
                    rawCommit.add(Stats.millisSince(start));
                    Shell.run(cli, "rmi", image);
                    for (int k = 0; k < counts.length; k++) {
                        forks[k].add(fork(warren, parent, counts[k]));
                        raws[k].add(raw(cli, container, counts[k]));
                    }
                }
                System.out.printf("engine: %s (%s), 100 MB written in the sandbox, %d iterations%n",
                        bench.server().docker().engine().info().kind(), host, iterations);
                report("snapshot (no start)", snapshot, cli + " commit", rawCommit);
                for (int k = 0; k < counts.length; k++) {
                    report("fork n=" + counts[k] + " → running", forks[k], cli + " commit + " + counts[k] + " run -d",
                            raws[k]);
                }
            }
        }
    }

    /** Milliseconds from the fork call to n running sandboxes (the call answers once they run); then kills them. */
    private static double fork(Warren warren, Sandbox parent, int n) {
        long start = System.nanoTime();
        List<SandboxInfo> made = warren.snapshots().fork(parent.id(), n, null, null).sandboxes();
        double millis = Stats.millisSince(start);
        for (SandboxInfo fork : made) {
            if (!"running".equals(fork.state())) {
                throw new IllegalStateException("fork " + fork.id() + " is " + fork.state());
            }
            warren.sandboxes().kill(fork.id());
        }
        return millis;
    }

    /** The raw engine: commit the container (paused), then start n containers of the image at once; then clean up. */
    private static double raw(String cli, String container, int n) throws Exception {
        long start = System.nanoTime();
        String image = commit(cli, container);
        List<String> started = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(threads.submit(() -> Shell.run(cli, "run", "-d", image, "sleep", "infinity").strip()));
            }
            for (Future<String> run : runs) {
                started.add(run.get());
            }
        }
        double millis = Stats.millisSince(start);
        for (String id : started) {
            Shell.run(cli, "rm", "-f", id);
        }
        Shell.run(cli, "rmi", image);
        return millis;
    }

    private static String commit(String cli, String container) throws Exception {
        String image = "warren-bench-fork:" + UUID.randomUUID().toString().substring(0, 8);
        Shell.run(cli, "commit", "--pause=true", container, image);
        return image;
    }

    private static void report(String what, Stats warren, String rawWhat, Stats raw) {
        System.out.printf("%-24s warren median %7.1f ms | %-26s median %7.1f ms | ratio warren/raw %.2f%n",
                what, warren.median(), rawWhat, raw.median(), warren.median() / raw.median());
    }
}
