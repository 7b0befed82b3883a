package dev.warren.bench.forward;

import dev.warren.bench.Stats;
import dev.warren.bench.BenchServer;
import dev.warren.bench.Shell;
import dev.warren.client.wire.Spaces;
import dev.warren.client.Warren;
import dev.warren.runtime.SpaceStatus;
import dev.warren.server.WarrenServer;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Issue "port forwarding" benchmark, one run, one engine. Two spaces: a target holding two servers (bulk: sends
 * as many bytes as asked; echo: answers one byte) and a source holding the client. The client runs in the source
 * space's network namespace and the servers in the target's, exactly where a process of those spaces would be;
 * only the path between them differs:
 * <ul>
 * <li>direct: source → target's address on the engine network (container to container);</li>
 * <li>forward: source → 127.0.0.1:local_port in the source → warren's relay → target.</li>
 * </ul>
 * Spaces cannot reach each other directly (ADR 0006), so for the direct path the bench exempts the target's address
 * in the source's egress chain, just before its first refusal. Then it measures what the egress rules cost a new
 * connection to the outside (a namespace the bench makes): no chain, the allow_all chain, an allow list of 256.
 * Measures throughput (MB/s, 10^6 bytes, one connection, {@code megabytes} per transfer) and connection set-up
 * latency (connect + one-byte round trip, the first byte that needs the far end) and prints medians and ratios.
 * Usage: bench/run.sh forward [engine-host] [megabytes] [transfers] [latency-samples]
 */
public final class ForwardBench {
    private static final int BULK_PORT = 9000;
    private static final int ECHO_PORT = 9001;
    private static final int BUFFER = 1 << 20;

    private ForwardBench() {}

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "unix:///var/run/docker.sock";
        long megabytes = args.length > 1 ? Long.parseLong(args[1]) : 256;
        int transfers = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        try (BenchServer bench = BenchServer.start(host)) {
            WarrenServer server = bench.server();
            Warren warren = bench.warren();
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            String target = "bench-target-" + suffix;
            String source = "bench-source-" + suffix;
            try {
                for (String name : new String[] {target, source}) {
                    warren.create(name, "base");
                    warren.start(name);
                }
                SpaceStatus targetState = container(server, warren, target);
                SpaceStatus sourceState = container(server, warren, source);
                try (NamespaceThread inTarget = new NamespaceThread(targetState.namespaceHostPid().orElseThrow());
                        NamespaceThread inSource = new NamespaceThread(sourceState.namespaceHostPid().orElseThrow())) {
                    ServerSocketChannel bulk = inTarget.call(() -> listen(BULK_PORT));
                    ServerSocketChannel echo = inTarget.call(() -> listen(ECHO_PORT));
                    Thread.ofVirtual().start(() -> serve(bulk, ForwardBench::sendAsked));
                    Thread.ofVirtual().start(() -> serve(echo, ForwardBench::echoOne));
                    warren.portForward(source, 19000, target, BULK_PORT, false, false);
                    warren.portForward(source, 19001, target, ECHO_PORT, false, false);
                    InetSocketAddress directBulk = new InetSocketAddress(targetState.address().orElseThrow(), BULK_PORT);
                    InetSocketAddress directEcho = new InetSocketAddress(targetState.address().orElseThrow(), ECHO_PORT);
                    long sourcePid = sourceState.namespaceHostPid().orElseThrow();
                    String targetAddress = targetState.address().orElseThrow().getHostAddress();
                    exemptBeforeRefusals(sourcePid, targetAddress);
                    InetSocketAddress forwardBulk = new InetSocketAddress("127.0.0.1", 19000);
                    InetSocketAddress forwardEcho = new InetSocketAddress("127.0.0.1", 19001);

                    long bytes = megabytes * 1_000_000L;
                    for (int warm = 0; warm < 2; warm++) {
                        direct(sourcePid, targetAddress, () -> transfer(inSource, directBulk, bytes / 4));
                        transfer(inSource, forwardBulk, bytes / 4);
                    }
                    for (int warm = 0; warm < 200; warm++) {
                        direct(sourcePid, targetAddress, () -> roundTrip(inSource, directEcho));
                        roundTrip(inSource, forwardEcho);
                    }
                    Stats directRate = new Stats();
                    Stats forwardRate = new Stats();
                    for (int i = 0; i < transfers; i++) {
                        directRate.add(direct(sourcePid, targetAddress, () -> transfer(inSource, directBulk, bytes)));
                        forwardRate.add(transfer(inSource, forwardBulk, bytes));
                    }
                    Stats directSetUp = new Stats();
                    Stats forwardSetUp = new Stats();
                    for (int i = 0; i < samples; i++) {
                        directSetUp.add(direct(sourcePid, targetAddress, () -> roundTrip(inSource, directEcho)));
                        forwardSetUp.add(roundTrip(inSource, forwardEcho));
                    }
                    System.out.printf("engine: %s %s (%s), %d cores, %d transfers of %d MB, %d set-up samples%n",
                            server.docker().engine().info().kind(), server.docker().engine().info().version(),
                            host, Runtime.getRuntime().availableProcessors(), transfers, megabytes, samples);
                    System.out.printf("throughput   forward %8.1f MB/s   direct %8.1f MB/s   ratio %.2f "
                                    + "(min/max forward %.0f/%.0f, direct %.0f/%.0f)%n",
                            forwardRate.median(), directRate.median(), forwardRate.median() / directRate.median(),
                            forwardRate.min(), forwardRate.max(), directRate.min(), directRate.max());
                    System.out.printf("set-up       forward %8.3f ms     direct %8.3f ms     ratio %.2f "
                                    + "(connect + first byte round trip)%n",
                            forwardSetUp.median(), directSetUp.median(),
                            forwardSetUp.median() / directSetUp.median());
                    egressSetUp(warren, source, sourcePid, inSource, samples);
                    bulk.close();
                    echo.close();
                }
            } finally {
                for (String name : new String[] {source, target}) {
                    try {
                        warren.stop(name);
                        warren.delete(name);
                    } catch (RuntimeException ignored) {
                        // the server's cleanup by label removes leftovers
                    }
                }
            }
        }
    }

    private static final String CHAIN = "WARREN-EGRESS";

    /**
     * What the egress rules cost a new connection to the outside: set-up latency (connect + first byte) from the
     * source space to an echo server outside warren (a network namespace the bench makes, joined to the host by a
     * veth pair, 198.18.0.0/15: the path of any outside connection, through the space's gateway and the host's NAT),
     * with no chain, with the allow_all chain, and with an allow list of 256 ranges whose last one matches.
     */
    private static void egressSetUp(Warren warren, String source, long pid, NamespaceThread inSource, int samples)
            throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String namespace = "wbench-" + id;
        String inside = "198.19.254.2";
        Process holder = null;
        try {
            Shell.run("sh", "-c", "ip netns add " + namespace + " && ip link add wb" + id + "h type veth peer name wb"
                    + id + "n && ip link set wb" + id + "n netns " + namespace + " && ip addr add 198.19.254.1/30 dev"
                    + " wb" + id + "h && ip link set wb" + id + "h up && ip netns exec " + namespace + " sh -c 'ip link"
                    + " set lo up && ip addr add " + inside + "/30 dev wb" + id + "n && ip link set wb" + id + "n up"
                    + " && ip route add default via 198.19.254.1'");
            holder = new ProcessBuilder("ip", "netns", "exec", namespace, "sleep", "100000").start();
            java.nio.file.Path own = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/net"));
            java.nio.file.Path held = java.nio.file.Path.of("/proc/" + holder.pid() + "/ns/net");
            long end = System.nanoTime() + 10_000_000_000L;
            while (java.nio.file.Files.readSymbolicLink(held).equals(own)) { // until `ip netns exec` entered it
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("The bench's namespace " + namespace + " was not entered.");
                }
                Thread.sleep(5);
            }
            try (NamespaceThread outside = new NamespaceThread(holder.pid())) {
                ServerSocketChannel echo = outside.call(() -> listen(ECHO_PORT));
                Thread.ofVirtual().start(() -> serve(echo, ForwardBench::echoOne));
                InetSocketAddress target = new InetSocketAddress(inside, ECHO_PORT);
                List<String> ranges = new ArrayList<>();
                for (int i = 0; i < 255; i++) {
                    ranges.add("198.18." + i + ".0/24"); // none matches
                }
                ranges.add(inside + "/32");
                Stats none = new Stats();
                Stats allowAll = new Stats();
                Stats allowList = new Stats();
                int listRules = 0;
                for (int round = 0; round < 3; round++) { // alternated, so drift hits all three alike
                    iptables(pid, "-D", "OUTPUT", "-j", CHAIN);
                    sample(inSource, target, none, samples / 3);
                    iptables(pid, "-I", "OUTPUT", "1", "-j", CHAIN);
                    sample(inSource, target, allowAll, samples / 3);
                    warren.setEgress(source, new Spaces.Egress("allow_list", ranges));
                    listRules = iptables(pid, "-S", CHAIN).split("\\n").length - 1;
                    sample(inSource, target, allowList, samples / 3);
                    warren.resetEgress(source);
                }
                System.out.printf("egress set-up  no chain %.3f ms   allow_all chain %.3f ms   allow_list of 256 "
                                + "(matched last, %d rules) %.3f ms   (to a namespace outside warren; medians)%n",
                        none.median(), allowAll.median(), listRules, allowList.median());
                echo.close();
            }
        } finally {
            if (holder != null) {
                holder.destroyForcibly();
            }
            try {
                Shell.run("ip", "netns", "del", namespace); // takes the veth pair with it
            } catch (RuntimeException ignored) {
                // nothing was made
            }
        }
    }

    private static void sample(NamespaceThread inSource, InetSocketAddress target, Stats into, int count)
            throws Exception {
        for (int i = 0; i < 20; i++) {
            roundTrip(inSource, target);
        }
        for (int i = 0; i < count; i++) {
            into.add(roundTrip(inSource, target));
        }
    }

    /**
     * A direct measurement; when the server rewrote the source's chain meanwhile (the host's networks changed: other
     * engines' users come and go), the exemption is put back and the measurement taken again.
     */
    private static double direct(long pid, String target, java.util.concurrent.Callable<Double> measure)
            throws Exception {
        try {
            return measure.call();
        } catch (IOException | java.util.concurrent.ExecutionException refused) {
            if (!(refused instanceof IOException) && !(refused.getCause() instanceof IOException)) {
                throw refused;
            }
            exemptBeforeRefusals(pid, target);
            return measure.call();
        }
    }

    /**
     * Accepts {@code address} in the source's chain just before its first refusal (after loopback, established,
     * forwarded and DNS): a direct connection to the target passes what any new connection passes first.
     */
    private static void exemptBeforeRefusals(long pid, String address) throws Exception {
        List<String> rules = List.of(iptables(pid, "-S", CHAIN).split("\\n"));
        int position = 1;
        for (String rule : rules.subList(1, rules.size())) { // the first line declares the chain
            if (rule.contains("REJECT")) {
                break;
            }
            position++;
        }
        iptables(pid, "-I", CHAIN, String.valueOf(position), "-d", address + "/32", "-j", "ACCEPT");
    }

    private static String iptables(long pid, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/proc/" + pid + "/ns/net", "iptables", "-w",
                "5"));
        argv.addAll(List.of(args));
        return Shell.run(argv.toArray(String[]::new));
    }

    private static SpaceStatus container(WarrenServer server, Warren warren, String name) {
        return server.services().runtime().inspect(warren.get(name).id()).orElseThrow();
    }

    private static ServerSocketChannel listen(int port) throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress("0.0.0.0", port), 256);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(SocketChannel channel) throws IOException;
    }

    private static void serve(ServerSocketChannel server, Handler handler) {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (channel) {
                        handler.handle(channel);
                    } catch (IOException ignored) {
                        // the client went away
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Bulk server: reads the size asked for, sends that many bytes, closes. */
    private static void sendAsked(SocketChannel channel) throws IOException {
        ByteBuffer size = ByteBuffer.allocate(Long.BYTES);
        readFully(channel, size);
        long remaining = size.flip().getLong();
        ByteBuffer data = ByteBuffer.allocateDirect(BUFFER);
        while (remaining > 0) {
            data.clear().limit((int) Math.min(BUFFER, remaining));
            remaining -= channel.write(data);
        }
    }

    /** Echo server: answers each byte. */
    private static void echoOne(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer one = ByteBuffer.allocate(1);
        while (channel.read(one) > 0) {
            channel.write(one.flip());
            one.clear();
        }
    }

    /** One transfer of {@code bytes}; returns MB/s from the request to the last byte. */
    private static double transfer(NamespaceThread inSource, InetSocketAddress address, long bytes)
            throws Exception {
        try (SocketChannel channel = inSource.call(() -> SocketChannel.open(address))) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
            long start = System.nanoTime();
            channel.write(ByteBuffer.allocate(Long.BYTES).putLong(bytes).flip());
            long received = 0;
            while (received < bytes) {
                int read = channel.read(buffer.clear());
                if (read < 0) {
                    throw new EOFException("The bulk server stopped after " + received + " bytes.");
                }
                received += read;
            }
            return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Connect and one byte there and back, measured on the source's thread; milliseconds. */
    private static double roundTrip(NamespaceThread inSource, InetSocketAddress address) throws Exception {
        return inSource.call(() -> {
            long start = System.nanoTime();
            try (SocketChannel channel = SocketChannel.open(address)) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer answer = ByteBuffer.allocate(1);
                readFully(channel, answer);
            }
            return Stats.millisSince(start);
        });
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("The connection closed early.");
            }
        }
    }
}
