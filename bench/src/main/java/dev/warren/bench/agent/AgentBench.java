package dev.warren.bench.agent;

import dev.warren.bench.BenchServer;
import dev.warren.bench.Shell;
import dev.warren.bench.Stats;
import dev.warren.client.RunOptions;
import dev.warren.client.Warren;
import dev.warren.engine.ContainerSpec;
import dev.warren.engine.Engine;
import dev.warren.runtime.agent.AgentClient;
import dev.warren.server.WarrenServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue "data plane" benchmark, one run, same image, same engine, each figure beside the raw engine doing the same:
 * (1) {@code run echo hi} through the API vs {@code docker exec C echo hi};
 * (2) time to the first streamed byte of {@code echo hi; sleep 0.3} vs {@code docker exec}'s first byte;
 * (3) the agent's resident memory in an idle space (and a plain {@code sleep}'s, for scale);
 * (4) container start until commands can run, with the agent (until it answers) vs without (engine start alone).
 * Usage: bench/run.sh agent [iterations] [engine-host] [docker-cli]
 */
public final class AgentBench {
    private AgentBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        String host = args.length > 1 ? args[1] : "unix:///var/run/docker.sock";
        String cli = args.length > 2 ? args[2] : "docker";
        String image = "warren-base:latest";
        try (BenchServer bench = BenchServer.start(host)) {
            WarrenServer server = bench.server();
            Warren warren = bench.warren();
            String template = bench.template("image: " + image + "\ncommand: [sleep, infinity]\n");
            String name = "bench-agent-" + UUID.randomUUID().toString().substring(0, 6);
            warren.create(name, template);
            warren.start(name);
            String spaceId = warren.get(name).id();
            String container = server.docker().labels().containerName(spaceId);
            Engine engine = server.docker().engine();

            Stats apiEcho = new Stats();
            Stats rawEcho = new Stats();
            Stats apiFirst = new Stats();
            Stats rawFirst = new Stats();
            for (int i = 0; i < 5; i++) { // warm-up: JIT, connections
                warren.run(name, "echo", "hi");
                Shell.run(cli, "exec", container, "echo", "hi");
            }
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                require(warren.run(name, "echo", "hi").output());
                apiEcho.add(Stats.millisSince(start));
                start = System.nanoTime();
                require(Shell.run(cli, "exec", container, "echo", "hi"));
                rawEcho.add(Stats.millisSince(start));
            }
            for (int i = 0; i < Math.max(5, iterations / 5); i++) {
                AtomicLong first = new AtomicLong();
                long start = System.nanoTime();
                warren.processes(name).run("echo hi; sleep 0.3", RunOptions.shell()
                        .onStdout(chunk -> first.compareAndSet(0, System.nanoTime())));
                apiFirst.add((first.get() - start) / 1_000_000.0);
                start = System.nanoTime();
                rawFirst.add(firstByte(start, cli, "exec", container, "sh", "-c", "echo hi; sleep 0.3"));
            }
            long hostPid = server.services().runtime().inspect(spaceId).orElseThrow().namespaceHostPid().orElseThrow();
            long agentRss = rssKib(hostPid);
            long sleepRss = sleepRss(cli, container);

            Stats withAgent = new Stats();
            Stats withoutAgent = new Stats();
            Path agentBinary = agentBinary();
            for (int i = 0; i < Math.max(5, iterations / 5); i++) {
                withoutAgent.add(plainStart(engine, image));
                withAgent.add(agentStart(engine, image, agentBinary));
            }
            System.out.printf("engine: %s (%s), image %s, %d iterations%n", engine.info().kind(), host, image,
                    iterations);
            report("run echo hi (API)", apiEcho, cli + " exec echo hi", rawEcho);
            report("first streamed byte", apiFirst, cli + " exec first byte", rawFirst);
            System.out.printf("%-30s agent VmRSS %d KiB (a busybox sleep in the same space: %d KiB)%n",
                    "idle memory per space", agentRss, sleepRss);
            report("container start → ready", withAgent, "start without agent", withoutAgent);
            warren.stop(name);
            warren.delete(name);
        }
    }

    private static Path agentBinary() {
        for (Path candidate : List.of(Path.of("build/agent/warren-agent"), Path.of("../build/agent/warren-agent"))) {
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("Run scripts/agent.sh first: build/agent/warren-agent is missing.");
    }

    /** create + start of a container that sleeps (the engine's own init), until the engine says it runs. */
    private static double plainStart(Engine engine, String image) {
        String name = "warren-bench-plain-" + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        String id = engine.createContainer(ContainerSpec.builder(name, image).command("sleep", "3600")
                .label("dev.warren.bench", "agent").build());
        engine.startContainer(id);
        double millis = Stats.millisSince(start);
        engine.removeContainer(id, true);
        return millis;
    }

    /** The same with the agent as process 1, until the agent answers on its socket. */
    private static double agentStart(Engine engine, String image, Path agent) throws IOException {
        Path dir = Files.createTempDirectory("warren-bench-agent-");
        Files.writeString(dir.resolve("secret"), "bench-secret");
        String name = "warren-bench-agent-" + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        String id = engine.createContainer(ContainerSpec.builder(name, image)
                .entrypoint(List.of("/.warren/agent", "--socket", "/.warren/run/agent.sock", "--secret-file",
                        "/.warren/run/secret", "--"))
                .command("sleep", "3600").init(false).user("0:0")
                .bind(agent.toString(), "/.warren/agent", true).bind(dir.toString(), "/.warren/run", false)
                .label("dev.warren.bench", "agent").build());
        engine.startContainer(id);
        AgentClient client = new AgentClient(dir.resolve("agent.sock"), "bench-secret".getBytes());
        while (true) {
            try {
                client.health();
                break;
            } catch (RuntimeException notYet) {
                Thread.onSpinWait();
            }
        }
        double millis = Stats.millisSince(start);
        engine.removeContainer(id, true);
        return millis;
    }

    private static long sleepRss(String cli, String container) throws Exception {
        String pid = Shell.run(cli, "exec", container, "sh", "-c", "sleep 30 & echo $!").strip();
        String status = Shell.run(cli, "exec", container, "cat", "/proc/" + pid + "/status");
        return status.lines().filter(line -> line.startsWith("VmRSS:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElse(-1L);
    }

    private static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).orElse(-1L);
    }

    private static void report(String what, Stats warren, String rawWhat, Stats raw) {
        System.out.printf("%-30s warren median %7.2f ms | %-24s median %7.2f ms | ratio warren/raw %.2f%n",
                what, warren.median(), rawWhat, raw.median(), warren.median() / raw.median());
    }

    private static void require(String output) {
        if (!"hi\n".equals(output)) {
            throw new IllegalStateException("expected 'hi' but got '" + output + "'");
        }
    }

    private static double firstByte(long start, String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        double millis;
        try (InputStream out = process.getInputStream()) {
            if (out.read() < 0) {
                throw new IllegalStateException(String.join(" ", argv) + " printed nothing");
            }
            millis = Stats.millisSince(start);
            out.readAllBytes();
        }
        process.waitFor();
        return millis;
    }
}
