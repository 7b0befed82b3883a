package dev.warren.bench.cli;

import dev.warren.bench.BenchServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 13 part 4, one run: wall time of whole {@code warren} CLI processes ({@code warren whoami} and
 * {@code warren space list --json}) against a real server, beside {@code curl} making the same HTTP request, for the
 * CLI bundle's launcher with its AOT cache ({@code WARREN_CLI_AOT=on}) and without ({@code off}), and for any other
 * launcher named (an older bundle, to compare builds). Runs alternate between the variants so that the machine's
 * load falls on all of them alike; medians and p95 are printed with the ratio to curl (ADR 0008).
 * Usage: bench/run.sh cli [runs=20] [engine-host] [other-launcher...]
 */
public final class CliBench {
    private static final Path LAUNCHER = Path.of("build", "space-cli", "current", "bin", "warren");
    private static final int WARM_UP = 2;

    private CliBench() {}

    /** One way of making the request: a command line and extra environment. */
    private record Variant(String name, List<String> prefix, Map<String, String> env) {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        if (!Files.isExecutable(LAUNCHER)) {
            throw new IllegalStateException("The CLI bundle is missing: run scripts/space-cli.sh first (looked for "
                    + LAUNCHER.toAbsolutePath() + ").");
        }
        try (BenchServer bench = BenchServer.start(host)) {
            String url = "http://127.0.0.1:" + bench.server().port();
            String token = bench.warren().tokens().create("cli-bench", null).token();
            String template = bench.template("image: warren-base:latest\ncommand: [sleep, infinity]\n");
            for (int i = 0; i < 3; i++) {
                bench.warren().create("cli-bench-" + i, template); // a list of three, as a user might have
            }
            Path home = Files.createTempDirectory("warren-cli-bench-");
            Map<String, String> env = Map.of("WARREN_SERVER", url, "WARREN_TOKEN", token,
                    "XDG_CONFIG_HOME", home.toString(), "HOME", home.toString());
            String launcher = LAUNCHER.toAbsolutePath().toString();
            List<Variant> variants = new ArrayList<>(List.of(
                    new Variant("curl", List.of("curl", "-sf", "-H", "Authorization: Bearer " + token), Map.of()),
                    new Variant("warren, AOT cache off", List.of(launcher), Map.of("WARREN_CLI_AOT", "off")),
                    new Variant("warren, AOT cache on", List.of(launcher), Map.of())));
            for (int i = 2; i < args.length; i++) {
                variants.add(new Variant(args[i], List.of(args[i]), Map.of()));
            }
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("whoami", List.of("whoami"));
            commands.put("space list --json", List.of("space", "list", "--json"));
            Map<String, List<String>> curlPaths = Map.of("whoami", List.of(url + "/api/auth/me"),
                    "space list --json", List.of(url + "/api/spaces"));

            System.out.printf("CLI start: %d runs per variant and command, server on %s; load average before: %s%n",
                    runs, host, loadAverage());
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            for (int i = -WARM_UP; i < runs; i++) {
                for (var command : commands.entrySet()) {
                    for (Variant variant : variants) {
                        List<String> argv = new ArrayList<>(variant.prefix());
                        boolean curl = variant.name().equals("curl");
                        argv.addAll(curl ? curlPaths.get(command.getKey()) : command.getValue());
                        double millis = time(argv, env, variant.env());
                        if (i >= 0) {
                            samples.computeIfAbsent(command.getKey() + "|" + variant.name(), key -> new ArrayList<>())
                                    .add(millis);
                        }
                    }
                }
            }
            System.out.printf("load average after: %s%n", loadAverage());
            for (String command : commands.keySet()) {
                List<Double> curl = samples.get(command + "|curl");
                System.out.printf("%n%s%n", command);
                for (Variant variant : variants) {
                    List<Double> own = samples.get(command + "|" + variant.name());
                    System.out.printf("  %-26s median %7.1f ms  p95 %7.1f ms  ratio to curl (medians) %6.1f%n",
                            variant.name(), percentile(own, 50), percentile(own, 95),
                            percentile(own, 50) / percentile(curl, 50));
                }
            }
        }
    }

    /** Runs one whole process and returns its wall time; it must exit 0. */
    private static double time(List<String> argv, Map<String, String> env, Map<String, String> extra)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("WARREN_") || key.endsWith("JAVA_OPTIONS"));
        builder.environment().putAll(env);
        builder.environment().putAll(extra);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        int code = process.waitFor();
        double millis = (System.nanoTime() - start) / 1_000_000.0;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited with " + code + ": "
                    + new String(output, StandardCharsets.UTF_8));
        }
        return millis;
    }

    /** The nearest-rank percentile of the samples. */
    private static double percentile(List<Double> samples, int percent) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException unreadable) {
            return "unknown";
        }
    }
}
