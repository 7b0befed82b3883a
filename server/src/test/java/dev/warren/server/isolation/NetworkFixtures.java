package dev.warren.server.isolation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the network tests make themselves, on the host (the tests run as root, like the server): targets outside
 * warren in network namespaces of their own, listeners on the host's addresses, a host name in /etc/hosts. Nothing
 * leaves the machine: addresses come from 198.18.0.0/15 (RFC 2544, for benchmarks) and every object is removed on
 * close.
 */
final class NetworkFixtures {
    private NetworkFixtures() {}

    /**
     * A host outside warren: a network namespace joined to the host by a veth pair (host side .1/30, namespace side
     * .2/30, routed through the host like any outside address) with busybox httpd on port 8080 answering
     * {@link #token}.
     */
    static final class OutsideTarget implements AutoCloseable {
        final String address;
        final String token;
        private final String namespace;
        private final Path www;
        private final Process httpd;

        private OutsideTarget(String address, String token, String namespace, Path www, Process httpd) {
            this.address = address;
            this.token = token;
            this.namespace = namespace;
            this.www = www;
            this.httpd = httpd;
        }

        static OutsideTarget start() {
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String prefix = "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + ".";
            int block = random.nextInt(64) * 4;
            String host = prefix + (block + 1);
            String inside = prefix + (block + 2);
            String namespace = "wtest-" + id;
            String hostSide = "wt" + id + "h";
            String nsSide = "wt" + id + "n";
            String token = "outside-" + id;
            try {
                Path www = Files.createTempDirectory("warren-outside-");
                Files.writeString(www.resolve("index.html"), token + "\n");
                sh("ip netns add " + namespace,
                        "ip link add " + hostSide + " type veth peer name " + nsSide,
                        "ip link set " + nsSide + " netns " + namespace,
                        "ip addr add " + host + "/30 dev " + hostSide,
                        "ip link set " + hostSide + " up",
                        "ip netns exec " + namespace + " ip link set lo up",
                        "ip netns exec " + namespace + " ip addr add " + inside + "/30 dev " + nsSide,
                        "ip netns exec " + namespace + " ip link set " + nsSide + " up",
                        "ip netns exec " + namespace + " ip route add default via " + host);
                Process httpd = new ProcessBuilder("ip", "netns", "exec", namespace, "busybox", "httpd", "-f", "-p",
                        inside + ":8080", "-h", www.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                OutsideTarget target = new OutsideTarget(inside, token, namespace, www, httpd);
                awaitHostReaches(inside, 8080);
                return target;
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }

        /** {@code wget} of the target's page from a shell, bounded to 3 s. */
        String fetchCommand() {
            return "timeout 3 wget -q -O- http://" + address + ":8080/";
        }

        @Override
        public void close() {
            httpd.destroyForcibly();
            try {
                httpd.waitFor(5, TimeUnit.SECONDS);
                sh("ip netns del " + namespace); // takes the veth pair with it
                Files.deleteIfExists(www.resolve("index.html"));
                Files.deleteIfExists(www);
            } catch (IOException | InterruptedException ignored) {
                // best effort: the names are random
            }
        }
    }

    /** A TCP listener the test opens on the host, counting the connections it accepts. */
    static final class HostListener implements AutoCloseable {
        final int port;
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();

        private HostListener(ServerSocket socket) {
            this.socket = socket;
            this.port = socket.getLocalPort();
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    Socket connection;
                    try {
                        connection = socket.accept();
                    } catch (IOException closed) {
                        return;
                    }
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> answer(connection));
                }
            });
        }

        /** Reads the request's head, answers "host" (so a client that got through says so), closes. */
        private static void answer(Socket connection) {
            try (connection) {
                connection.setSoTimeout(3000);
                var in = connection.getInputStream();
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                for (int b = in.read(); b >= 0 && matched < end.length; b = in.read()) {
                    matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                connection.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhost\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the client went away
            }
        }

        /** Bound to {@code address} (null: every address of the host), on a free port. */
        static HostListener on(InetAddress address) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(address, 0));
                return new HostListener(socket);
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Every IPv4 address of the host except loopback: bridges' gateways, the host's own interfaces. */
    static List<String> hostAddresses() {
        List<String> found = new ArrayList<>();
        try {
            for (NetworkInterface each : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(each.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        found.add(address.getHostAddress());
                    }
                }
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return found;
    }

    /** Whether the host itself can connect to {@code address:port} within a second (the fixture works). */
    static boolean hostReaches(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void awaitHostReaches(String address, int port) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!hostReaches(address, port)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("The outside target " + address + ":" + port + " does not answer");
            }
            try {
                Thread.sleep(20); // polling with a deadline
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError(interrupted);
            }
        }
    }

    /** A line in /etc/hosts naming {@code address}, removed (exactly that line) on close. */
    static final class HostsEntry implements AutoCloseable {
        private static final Path HOSTS = Path.of("/etc/hosts");
        private static final Object LOCK = new Object();
        final String name;
        private final String line;

        private HostsEntry(String name, String line) {
            this.name = name;
            this.line = line;
        }

        static HostsEntry add(String address) {
            String name = "egress-" + UUID.randomUUID().toString().substring(0, 8) + ".warren.test";
            String line = address + " " + name + " # warren test, removed when the test ends";
            synchronized (LOCK) {
                try {
                    Files.writeString(HOSTS, line + "\n", java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed);
                }
            }
            return new HostsEntry(name, line);
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                try {
                    List<String> kept = Files.readAllLines(HOSTS).stream().filter(each -> !each.equals(line))
                            .toList();
                    Files.writeString(HOSTS, String.join("\n", kept) + "\n"); // in place: /etc/hosts may be mounted
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed);
                }
            }
        }
    }

    /** Runs the host's /bin/sh commands in order; fails with their output on the first failure. */
    static String sh(String... commands) {
        StringBuilder output = new StringBuilder();
        for (String command : commands) {
            try {
                Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(15, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new AssertionError("'" + command + "' failed: " + out);
                }
                output.append(out);
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError(interrupted);
            }
        }
        return output.toString();
    }

    /** A command run in the network namespace of host process {@code pid} (the host's binaries). */
    static String inNamespace(long pid, String command) {
        return sh("nsenter --net=/proc/" + pid + "/ns/net " + command);
    }
}
