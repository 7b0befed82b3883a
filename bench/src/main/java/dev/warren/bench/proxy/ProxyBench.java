package dev.warren.bench.proxy;

import dev.warren.bench.BenchServer;
import dev.warren.bench.Stats;
import dev.warren.client.Warren;
import dev.warren.server.WarrenServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Port URL proxy benchmark, one run, one engine. One space runs busybox httpd on 8080 serving a large file and a
 * small page. The bench (on the host) fetches them two ways in the same run:
 * <ul>
 * <li>direct: the container's address on the engine network, port 8080;</li>
 * <li>proxy: 127.0.0.1:proxy port with {@code Host: 8080-<id>.localhost} and a preview token (read head, route,
 * authorise against the store, dial, splice).</li>
 * </ul>
 * Prints the throughput of the large download (MB/s, 10^6 bytes) and the median latency of a small GET on a new
 * connection (busybox httpd answers one request per connection), with the ratios.
 * Usage: bench/run.sh proxy [engine-host] [megabytes] [downloads] [small-requests]
 */
public final class ProxyBench {
    private ProxyBench() {}

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "unix:///var/run/docker.sock";
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int downloads = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        try (BenchServer bench = BenchServer.start(host)) {
            WarrenServer server = bench.server();
            Warren warren = bench.warren();
            String space = "bench-proxy-" + UUID.randomUUID().toString().substring(0, 6);
            try {
                warren.create(space, "base");
                String id = warren.start(space).id();
                warren.writeFile(space, "/srv/www/small.html", "<p>small</p>\n");
                warren.runOutput(space, "sh", "-c", "dd if=/dev/zero of=/srv/www/big.bin bs=1000000 count="
                        + megabytes + " 2>/dev/null && httpd -p 8080 -h /srv/www");
                InetAddress address = server.services().runtime().inspect(id).orElseThrow().address().orElseThrow();
                String token = warren.portUrls(space).preview(8080, Duration.ofHours(1)).token();
                Target direct = new Target(address, 8080, address.getHostAddress() + ":8080", "");
                Target proxy = new Target(InetAddress.getLoopbackAddress(), server.portProxyPort(),
                        "8080-" + id + ".localhost:" + server.portProxyPort(), "X-Warren-Preview: " + token + "\r\n");
                long bytes = megabytes * 1_000_000L;
                for (int warm = 0; warm < 2; warm++) {
                    direct.get("/big.bin", bytes);
                    proxy.get("/big.bin", bytes);
                }
                for (int warm = 0; warm < 50; warm++) {
                    direct.get("/small.html", -1);
                    proxy.get("/small.html", -1);
                }
                Stats directRate = new Stats();
                Stats proxyRate = new Stats();
                for (int i = 0; i < downloads; i++) {
                    directRate.add(rate(bytes, direct.get("/big.bin", bytes)));
                    proxyRate.add(rate(bytes, proxy.get("/big.bin", bytes)));
                }
                Stats directSmall = new Stats();
                Stats proxySmall = new Stats();
                for (int i = 0; i < requests; i++) {
                    directSmall.add(direct.get("/small.html", -1));
                    proxySmall.add(proxy.get("/small.html", -1));
                }
                System.out.printf("engine: %s %s (%s), %d cores, %d downloads of %d MB, %d small GETs%n",
                        server.docker().engine().info().kind(), server.docker().engine().info().version(), host,
                        Runtime.getRuntime().availableProcessors(), downloads, megabytes, requests);
                System.out.printf("download     proxy %8.1f MB/s   direct %8.1f MB/s   ratio %.2f "
                                + "(min/max proxy %.0f/%.0f, direct %.0f/%.0f)%n",
                        proxyRate.median(), directRate.median(), proxyRate.median() / directRate.median(),
                        proxyRate.min(), proxyRate.max(), directRate.min(), directRate.max());
                System.out.printf("small GET    proxy %8.3f ms     direct %8.3f ms     ratio %.2f "
                                + "(new connection, whole answer; added %.3f ms)%n",
                        proxySmall.median(), directSmall.median(), proxySmall.median() / directSmall.median(),
                        proxySmall.median() - directSmall.median());
            } finally {
                try {
                    warren.stop(space);
                    warren.delete(space);
                } catch (RuntimeException ignored) {
                    // the bench server's cleanup by label removes leftovers
                }
            }
        }
    }

    private static double rate(long bytes, double millis) {
        return bytes / 1_000_000.0 / (millis / 1000.0);
    }

    /** Where a GET goes: an address and port, the Host to name, extra header lines. */
    private record Target(InetAddress address, int port, String host, String headers) {
        /** One GET on a new connection, read to the end; returns milliseconds. Checks the length when given. */
        double get(String path, long expected) throws IOException {
            long start = System.nanoTime();
            try (Socket socket = new Socket(address, port)) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(120_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[1 << 20];
                long total = 0;
                int status = -1;
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (status < 0 && read >= 12) {
                        status = Integer.parseInt(new String(buffer, 9, 3, StandardCharsets.ISO_8859_1));
                    }
                    total += read;
                }
                if (status != 200 || (expected > 0 && total < expected)) {
                    throw new IOException("GET " + path + " via " + host + " answered " + status + " with " + total
                            + " bytes.");
                }
            }
            return Stats.millisSince(start);
        }
    }
}
