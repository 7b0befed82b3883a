package dev.warren.bench.pause;

import dev.warren.bench.BenchServer;
import dev.warren.bench.Shell;
import dev.warren.bench.Stats;
import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;

import java.time.Duration;

/**
 * Issue 12 benchmark, one run, one engine, each figure beside the raw engine doing the same:
 * (1) pause and resume of a sandbox through the API vs {@code docker pause} / {@code docker unpause} of the same
 * container; (2) CPU and memory of a sandbox running a busy loop, running vs paused ({@code docker stats}).
 * Usage: bench/run.sh pause [iterations] [engine-host] [docker-cli]
 */
public final class PauseBench {
    private PauseBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        String cli = args.length > 2 ? args[2] : "docker";
        try (BenchServer bench = BenchServer.start(host);
                Sandbox sandbox = Sandbox.create(bench.warren(), SandboxOptions.defaults()
                        .withTimeout(Duration.ofMinutes(30)))) {
            String container = bench.server().docker().labels().containerName(sandbox.id());
            sandbox.commands().background("while true; do :; done", RunOptions.shell());
            for (int i = 0; i < 3; i++) { // warm-up: JIT, connections
                sandbox.pause();
                sandbox.resume();
                Shell.run(cli, "pause", container);
                Shell.run(cli, "unpause", container);
            }
            Stats apiPause = new Stats();
            Stats apiResume = new Stats();
            Stats rawPause = new Stats();
            Stats rawResume = new Stats();
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                sandbox.pause();
                apiPause.add(Stats.millisSince(start));
                start = System.nanoTime();
                sandbox.resume();
                apiResume.add(Stats.millisSince(start));
                start = System.nanoTime();
                Shell.run(cli, "pause", container);
                rawPause.add(Stats.millisSince(start));
                start = System.nanoTime();
                Shell.run(cli, "unpause", container);
                rawResume.add(Stats.millisSince(start));
            }
            print("pause ", apiPause, rawPause, cli + " pause");
            print("resume", apiResume, rawResume, cli + " unpause");

            String running = Shell.run(cli, "stats", "--no-stream", "--format", "{{.CPUPerc}} {{.MemUsage}}",
                    container).strip();
            sandbox.pause();
            String paused = Shell.run(cli, "stats", "--no-stream", "--format", "{{.CPUPerc}} {{.MemUsage}}",
                    container).strip();
            sandbox.resume();
            System.out.printf("a busy-loop sandbox, CPU and memory (%s stats): running %s | paused %s%n", cli,
                    running, paused);
        }
    }

    private static void print(String what, Stats api, Stats raw, String rawName) {
        System.out.printf("%s via API: median %.1f ms (min %.1f, max %.1f) | %s: median %.1f ms | ratio %.2fx%n",
                what, api.median(), api.min(), api.max(), rawName, raw.median(), api.median() / raw.median());
    }
}
