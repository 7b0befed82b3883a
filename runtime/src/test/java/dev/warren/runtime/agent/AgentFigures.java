package dev.warren.runtime.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints the agent's figures for docs/AGENT.md (measured, never asserted): resident memory idle and after work,
 * time from exec to a connectable socket, and the echo round trip through {@link AgentClient}.
 * Run from the runtime module after scripts/agent.sh and a test-compile:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.warren.runtime.agent.AgentFigures}
 */
public final class AgentFigures {
    private AgentFigures() {}

    public static void main(String[] args) throws Exception {
        System.out.println("agent binary: " + RunningAgent.binary() + " (" + Files.size(RunningAgent.binary()) / 1024
                + " KiB)");
        startup(30);
        try (RunningAgent agent = RunningAgent.start().awaitReady()) {
            System.out.printf("idle, just started: VmRSS %s, threads %s%n", status(agent, "VmRSS"),
                    status(agent, "Threads"));
            echo(agent.client, 20);
            double[] echo = echo(agent.client, 200);
            System.out.printf("echo round trip through AgentClient (start echo, read output and exit), 200 runs: "
                    + "median %.2f ms, p90 %.2f ms, min %.2f ms%n", echo[echo.length / 2],
                    echo[echo.length * 9 / 10], echo[0]);
            byte[] content = new byte[20 << 20];
            new Random(1).nextBytes(content);
            String file = agent.directory.resolve("big.bin").toString();
            long started = System.nanoTime();
            agent.client.write(file, new ByteArrayInputStream(content), 0644);
            long written = System.nanoTime();
            agent.client.read(file, OutputStream.nullOutputStream());
            long read = System.nanoTime();
            System.out.printf("20 MiB file: write %.0f ms, read %.0f ms%n", (written - started) / 1e6,
                    (read - written) / 1e6);
            System.out.printf("idle after that work: VmRSS %s (peak VmHWM %s), threads %s%n", status(agent, "VmRSS"),
                    status(agent, "VmHWM"), status(agent, "Threads"));
            AgentProcess flood = agent.client.start(ProcessRequest.of("head", "-c", "200000000", "/dev/zero"));
            long bytes = 0;
            ProcessEvent event;
            String during = null;
            while ((event = flood.next()) instanceof ProcessEvent.Output output) {
                bytes += output.data().length;
                if (during == null && bytes > 100_000_000) {
                    during = status(agent, "VmRSS");
                }
            }
            flood.close();
            System.out.printf("streaming %d MB of output: VmRSS %s while streaming%n", bytes / 1_000_000, during);
        }
    }

    /** Exec of the agent until its socket accepts a connection, against fork+exec+exit of /bin/true. */
    private static void startup(int runs) throws IOException, InterruptedException {
        List<Double> ready = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            new ProcessBuilder("/bin/true").start().waitFor();
            baseline.add((System.nanoTime() - started) / 1e6);

            Path directory = Files.createTempDirectory("warren-agent-figures-");
            Files.writeString(directory.resolve("secret"), "secret");
            Path socket = directory.resolve("agent.sock");
            started = System.nanoTime();
            Process agent = new ProcessBuilder(RunningAgent.binary().toString(), "--socket", socket.toString(),
                    "--secret-file", directory.resolve("secret").toString()).start();
            while (true) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    break;
                } catch (IOException notYet) {
                    Thread.onSpinWait();
                }
            }
            ready.add((System.nanoTime() - started) / 1e6);
            agent.destroy();
            agent.waitFor();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        }
        System.out.printf("exec → socket accepts, %d runs: median %.2f ms (fork+exec+exit of /bin/true from the "
                + "same JVM: median %.2f ms)%n", runs, median(ready), median(baseline));
    }

    private static double[] echo(AgentClient client, int runs) {
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            Events events = Events.readAll(client.start(ProcessRequest.of("echo", "hi")));
            times[i] = (System.nanoTime() - started) / 1e6;
            if (!events.stdout().equals("hi\n")) {
                throw new IllegalStateException("echo said " + events.stdout());
            }
        }
        Arrays.sort(times);
        return times;
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static String status(RunningAgent agent, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(agent.hostPid()), "status")).stream()
                .filter(line -> line.startsWith(field + ":")).map(line -> line.substring(field.length() + 1).strip())
                .findFirst().orElse("?");
    }
}
