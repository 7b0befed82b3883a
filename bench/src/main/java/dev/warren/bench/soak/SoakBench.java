package dev.warren.bench.soak;

import dev.warren.bench.BenchServer;
import dev.warren.client.CommandHandle;
import dev.warren.client.RunOptions;
import dev.warren.client.Warren;
import dev.warren.engine.Engine;
import dev.warren.server.WarrenServer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Issue "reliability" soak: mixed load for a while (creates, starts, runs, streamed and background processes, file
 * writes and reads, stops, deletes, from several clients at once), then the server's threads, open file descriptors,
 * heap after GC and the engine's objects are compared with their baseline. Nothing may grow with the work done.
 * Usage: bench/run.sh soak [seconds] [clients] [engine-host]
 */
public final class SoakBench {
    private SoakBench() {}

    private record Footprint(int threads, long fds, long heapMiB, int containers, int volumes) {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String host = args.length > 2 ? args[2] : "unix:///var/run/docker.sock";
        try (BenchServer bench = BenchServer.start(host)) {
            WarrenServer server = bench.server();
            Warren warren = bench.warren();
            String template = bench.template("image: warren-base:latest\ncommand: [sleep, infinity]\n"
                    + "volumes:\n  data: /data\n");
            // Warm-up with the same concurrency, so pools (connections, threads) are full before the baseline.
            load(warren, template, clients, Math.max(10, seconds / 6), new AtomicLong());
            Footprint before = footprint(server);
            AtomicLong operations = new AtomicLong();
            load(warren, template, clients, seconds, operations);
            Footprint after = footprint(server);
            System.out.printf("soak: %d s, %d clients, %d operations on %s%n", seconds, clients, operations.get(),
                    server.docker().engine().info().kind());
            System.out.printf("%-22s %10s %10s%n", "", "baseline", "after");
            System.out.printf("%-22s %10d %10d%n", "server threads", before.threads(), after.threads());
            System.out.printf("%-22s %10d %10d%n", "open file descriptors", before.fds(), after.fds());
            System.out.printf("%-22s %10d %10d%n", "heap after GC (MiB)", before.heapMiB(), after.heapMiB());
            System.out.printf("%-22s %10d %10d%n", "engine containers", before.containers(), after.containers());
            System.out.printf("%-22s %10d %10d%n", "engine volumes", before.volumes(), after.volumes());
        }
    }

    private static void load(Warren warren, String template, int clients, int seconds, AtomicLong operations)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Random random = new Random(i);
            workers.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    round(warren, template, random, operations);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** One space's life: create, start, run, stream, background + kill, write/read, stop, delete. */
    private static void round(Warren warren, String template, Random random, AtomicLong operations) {
        String name = "soak-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            warren.create(name, template);
            warren.start(name);
            for (int i = 0; i < 5; i++) {
                warren.run(name, "echo", "hi");
            }
            warren.processes(name).run("for i in 1 2 3; do echo $i; done", RunOptions.shell());
            CommandHandle sleeper = warren.processes(name).background("sleep 600", RunOptions.shell());
            sleeper.kill();
            byte[] content = new byte[64 * 1024];
            random.nextBytes(content);
            warren.writeFile(name, "/data/blob", content);
            warren.readFileBytes(name, "/data/blob");
            operations.addAndGet(12);
        } finally {
            try {
                warren.stop(name);
                warren.delete(name);
            } catch (RuntimeException cleanup) {
                System.err.println("cleanup of " + name + " failed: " + cleanup.getMessage());
            }
        }
    }

    private static Footprint footprint(WarrenServer server) throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        Engine engine = server.docker().engine();
        var labels = server.docker().labels().instance();
        return new Footprint(ManagementFactory.getThreadMXBean().getThreadCount(), fds, memory.getUsed() >> 20,
                engine.listContainers(labels).size(), engine.listVolumes(labels).size());
    }
}
