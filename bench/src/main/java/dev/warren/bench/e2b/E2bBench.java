package dev.warren.bench.e2b;

import dev.warren.bench.BenchServer;
import dev.warren.bench.Stats;
import dev.warren.client.RunOptions;
import dev.warren.client.Sandbox;
import dev.warren.client.SandboxOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 16 benchmark, one run, one server: {@code commands.run('echo hi')} through E2B's JS SDK (npm e2b, pinned in
 * bench/src/main/e2b/package.json, installed into bench/target/e2b-node) vs the same command through warren's Java
 * SDK; and sandbox create → first command through the E2B SDK (warren has no warm pool: every create is a miss).
 * Usage: bench/run.sh e2b [iterations] [engine-host]
 */
public final class E2bBench {
    private E2bBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        Path install = Path.of("bench", "target", "e2b-node");
        Files.createDirectories(install);
        for (String file : List.of("package.json", "bench.mjs")) {
            Files.copy(Path.of("bench", "src", "main", "e2b", file), install.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(install.resolve("node_modules/e2b/package.json"))) {
            run(install, List.of("npm", "install", "--no-audit", "--no-fund"), null, null);
        }
        try (BenchServer bench = BenchServer.start(host)) {
            Stats java = new Stats();
            try (Sandbox sandbox = Sandbox.create(bench.warren(), SandboxOptions.defaults()
                    .withTimeout(Duration.ofMinutes(10)))) {
                for (int i = 0; i < 5; i++) {
                    sandbox.commands().run("echo hi", RunOptions.shell()); // warm-up
                }
                for (int i = 0; i < iterations; i++) {
                    long start = System.nanoTime();
                    sandbox.commands().run("echo hi", RunOptions.shell());
                    java.add(Stats.millisSince(start));
                }
            }
            String url = "http://127.0.0.1:" + bench.server().port() + "/e2b";
            String token = dev.warren.client.Warren.login("http://127.0.0.1:" + bench.server().port(), "admin",
                    "bench-password", "e2b-bench", null).token();
            String node = run(install, List.of("node", "bench.mjs", Integer.toString(iterations)), url, token);
            System.out.printf("warren Java SDK  run('echo hi'): median %.1f ms (min %.1f, max %.1f, n=%d)%n",
                    java.median(), java.min(), java.max(), java.count());
            System.out.println("E2B JS SDK (node) " + node.strip());
        }
    }

    private static String run(Path dir, List<String> command, String url, String key) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (url != null) {
            builder.environment().put("E2B_API_URL", url);
            builder.environment().put("E2B_SANDBOX_URL", url);
            builder.environment().put("E2B_API_KEY", key);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(output));
        }
        return new String(output);
    }
}
