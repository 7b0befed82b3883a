package dev.warren.server.forward;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * The kernel-only data path of a forward: NAT rules inside the source space's network namespace, so a connection to
 * {@code 127.0.0.1:<local_port>} goes straight to the target's address and no bytes pass through the server. Per
 * forward, in the source's namespace (entered with {@code nsenter --net=/proc/<pid>/ns/net}, running the host's
 * {@code iptables}):
 * <ul>
 *   <li>{@code nat OUTPUT -d 127.0.0.1 --dport L -j DNAT --to-destination T:R}: the connection's destination;</li>
 *   <li>{@code nat POSTROUTING -d T --dport R -j MASQUERADE}: its source (127.0.0.1 cannot leave the host);</li>
 * </ul>
 * both tagged {@code warren:L} so they are found and removed exactly. Once per namespace, {@code route_localnet=1}
 * (else the kernel drops a packet from 127.0.0.1 leaving on eth0 as a martian) and a filter rule
 * {@code warren:guard} that drops new connections to 127.0.0.0/8 arriving from outside: route_localnet would
 * otherwise let a neighbour on the engine network reach the space's loopback-only services.
 *
 * <p>IPv4 only: {@code [::1]} keeps using the relay. The relay's listener stays bound on the port in any case (it
 * reserves the port and answers whenever no rule is installed, e.g. for a forced forward to a stopped target).
 * Rules die with the namespace, so a stopped source needs no clean-up. Blocking (a few short processes per change);
 * thread-safe (one change at a time).
 */
final class NatRules {
    private static final Logger LOG = LoggerFactory.getLogger(NatRules.class);
    private static final String TAG = "warren:";
    private static final String GUARD = TAG + "guard";
    private static final Pattern TAGGED = Pattern.compile("--comment \"?" + TAG + "(\\d{1,5})\"?(\\s|$)");
    private static final long TIMEOUT_SECONDS = 10;
    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private final String nsenter;
    private final String iptables;

    private NatRules(String nsenter, String iptables) {
        this.nsenter = nsenter;
        this.iptables = iptables;
    }

    /**
     * The NAT path if it is usable: {@code nsenter} and a working {@code iptables} exist on the host. Empty means
     * every forward uses the relay.
     */
    static Optional<NatRules> probe() {
        Optional<String> nsenter = executable("nsenter");
        Optional<String> iptables = executable("iptables");
        if (nsenter.isEmpty() || iptables.isEmpty()) {
            return Optional.empty();
        }
        NatRules rules = new NatRules(nsenter.get(), iptables.get());
        try {
            rules.run(List.of(iptables.get(), "-V")); // a broken alternative (no nft, no legacy) fails here
            return Optional.of(rules);
        } catch (IOException unusable) {
            LOG.info("NAT for port forwards is unavailable: {}", unusable.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Routes {@code 127.0.0.1:localPort} in the namespace of {@code pid} to {@code target:remotePort}, replacing
     * any earlier rules of that port. On failure the port's rules are removed (the relay answers) and false returned.
     */
    synchronized boolean install(long pid, int localPort, InetAddress target, int remotePort) {
        try {
            removeRules(pid, localPort);
            prepare(pid);
            String tag = TAG + localPort;
            String to = target.getHostAddress();
            iptables(pid, "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-d", "127.0.0.1", "--dport",
                    String.valueOf(localPort), "-m", "comment", "--comment", tag, "-j", "DNAT",
                    "--to-destination", to + ":" + remotePort);
            iptables(pid, "-t", "nat", "-A", "POSTROUTING", "-p", "tcp", "-d", to, "--dport",
                    String.valueOf(remotePort), "-m", "comment", "--comment", tag, "-j", "MASQUERADE");
            return true;
        } catch (IOException failed) {
            LOG.warn("Port {} in the namespace of process {} uses the relay: no NAT rule ({}).", localPort, pid,
                    failed.getMessage());
            remove(pid, localPort);
            return false;
        }
    }

    /** Removes the rules of {@code localPort} in the namespace of {@code pid}; quiet if it is gone. */
    synchronized void remove(long pid, int localPort) {
        try {
            removeRules(pid, localPort);
        } catch (IOException gone) {
            LOG.debug("No NAT rules removed for port {} of process {}: {}", localPort, pid, gone.getMessage());
        }
    }

    /**
     * The local ports that have forward rules (tagged {@code warren:<port>}) in the namespace of {@code pid}: what
     * the kernel forwards there now, whoever installed it (a server killed with -9 leaves its rules behind).
     */
    synchronized Set<Integer> taggedPorts(long pid) throws IOException {
        Set<Integer> ports = new TreeSet<>();
        for (String line : iptables(pid, "-t", "nat", "-S")) {
            Matcher tag = TAGGED.matcher(line);
            if (line.startsWith("-A ") && tag.find()) {
                ports.add(Integer.parseInt(tag.group(1)));
            }
        }
        return ports;
    }

    /** The packet count of the port's DNAT rule, or -1 without one (tests: traffic took the NAT path). */
    synchronized long packets(long pid, int localPort) throws IOException {
        String marker = "\"" + TAG + localPort + "\"";
        for (String line : iptables(pid, "-t", "nat", "-S", "OUTPUT", "-v")) {
            if (line.contains(marker) && line.contains("DNAT")) {
                List<String> words = List.of(line.strip().split("\\s+"));
                int counters = words.indexOf("-c");
                return counters >= 0 ? Long.parseLong(words.get(counters + 1)) : 0;
            }
        }
        return -1;
    }

    /** route_localnet and the guard rule; both idempotent. */
    private void prepare(long pid) throws IOException {
        run(List.of(nsenter, "--net=/proc/" + pid + "/ns/net", "sh", "-c",
                "echo 1 > /proc/sys/net/ipv4/conf/all/route_localnet"));
        List<String> guard = List.of("INPUT", "-d", "127.0.0.0/8", "!", "-i", "lo", "-m", "conntrack", "!",
                "--ctstate", "RELATED,ESTABLISHED", "-m", "comment", "--comment", GUARD, "-j", "DROP");
        try {
            iptables(pid, concat(List.of("-t", "filter", "-C"), guard));
        } catch (IOException absent) {
            iptables(pid, concat(List.of("-t", "filter", "-I"), guard));
        }
    }

    /** Deletes every nat rule tagged for the port, whatever its target (a restart may have moved it). */
    private void removeRules(long pid, int localPort) throws IOException {
        String marker = "\"" + TAG + localPort + "\"";
        for (String line : iptables(pid, "-t", "nat", "-S")) {
            if (!line.startsWith("-A ") || !line.contains(marker)) {
                continue;
            }
            List<String> spec = new ArrayList<>(List.of("-t", "nat", "-D"));
            for (String word : line.substring(3).strip().split("\\s+")) {
                spec.add(word.replace("\"", "")); // the comment is the only quoted word and has no spaces
            }
            iptables(pid, spec);
        }
    }

    private List<String> iptables(long pid, String... args) throws IOException {
        return iptables(pid, List.of(args));
    }

    private List<String> iptables(long pid, List<String> args) throws IOException {
        // -w: the xtables lock is shared with the host and the engines, which may hold it for a moment
        return run(concat(List.of(nsenter, "--net=/proc/" + pid + "/ns/net", iptables, "-w", "5"), args));
    }

    /** Runs a command, returns its output lines; fails on a non-zero exit or after the timeout. */
    private List<String> run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes(); // small: a rule listing at most
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": " + text.strip());
            }
            return text.lines().toList();
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", command), interrupted);
        }
    }

    private static Optional<String> executable(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
        dirs.addAll(SEARCH);
        return dirs.stream().filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Override
    public String toString() {
        return "NAT in the source namespace (" + iptables + " via " + nsenter + ")";
    }
}
