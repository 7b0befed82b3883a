package dev.warren.bench;

import dev.warren.client.Warren;
import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.server.WarrenServer;

import java.util.UUID;

/**
 * Issue "spaces" benchmark, one run, same image, same engine:
 * (1) create+start request → first command output, vs {@code docker run --rm IMAGE echo hi};
 * (2) warren run latency, vs {@code docker exec CONTAINER echo hi}.
 * Usage: bench/run.sh spaces [iterations] [engine-host] [docker-cli]
 */
public final class SpaceStartBench {
    private SpaceStartBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        String cli = args.length > 2 ? args[2] : "docker";
        String image = "warren-base:latest";
        try (BenchServer bench = BenchServer.start(host)) {
            WarrenServer server = bench.server();
            Warren warren = bench.warren();
            String template = bench.template("image: " + image + "\ncommand: [sleep, \"3600\"]\n");
            Stats warrenStart = new Stats();
            Stats rawRun = new Stats();
            Stats warrenExec = new Stats();
            Stats rawExec = new Stats();
            warmUp(warren, template, cli, image);
            for (int i = 0; i < iterations; i++) {
                String name = "bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
                long start = System.nanoTime();
                warren.createSpace(new CreateSpaceRequest(name, template, null, null, null, null, null, null, null,
                        true, null));
                require("hi\n", warren.run(name, "echo", "hi").output());
                warrenStart.add(Stats.millisSince(start));

                start = System.nanoTime();
                require("hi\n", Shell.run(cli, "run", "--rm", image, "echo", "hi"));
                rawRun.add(Stats.millisSince(start));

                String container = server.docker().labels().containerName(warren.get(name).id());
                for (int j = 0; j < 5; j++) {
                    start = System.nanoTime();
                    require("hi\n", warren.run(name, "echo", "hi").output());
                    warrenExec.add(Stats.millisSince(start));
                    start = System.nanoTime();
                    require("hi\n", Shell.run(cli, "exec", container, "echo", "hi"));
                    rawExec.add(Stats.millisSince(start));
                }
                warren.stop(name);
                warren.delete(name);
            }
            System.out.printf("engine: %s (%s), image %s, %d iterations%n", server.docker().engine().info().kind(),
                    host, image, iterations);
            report("create+start → first output", warrenStart, cli + " run --rm echo", rawRun);
            report("run (exec) latency", warrenExec, cli + " exec echo", rawExec);
        }
    }

    private static void warmUp(Warren warren, String template, String cli, String image) throws Exception {
        String name = "bench-warmup-" + UUID.randomUUID().toString().substring(0, 6);
        warren.createSpace(new CreateSpaceRequest(name, template, null, null, null, null, null, null, null, true, null));
        warren.run(name, "echo", "hi");
        warren.stop(name);
        warren.delete(name);
        Shell.run(cli, "run", "--rm", image, "echo", "hi");
    }

    private static void report(String what, Stats warren, String rawWhat, Stats raw) {
        System.out.printf("%-30s warren median %7.1f ms | %-24s median %7.1f ms | ratio warren/raw %.2f%n",
                what, warren.median(), rawWhat, raw.median(), warren.median() / raw.median());
    }

    private static void require(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("expected '" + expected + "' but got '" + actual + "'");
        }
    }
}
