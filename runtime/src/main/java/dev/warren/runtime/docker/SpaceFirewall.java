package dev.warren.runtime.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes an {@link EgressRuleset} into a space's network namespace: one {@code nsenter --net=/proc/<pid>/ns/net}
 * running the host's {@code iptables-restore --noflush} (the chain is replaced in one atomic step, so a policy change
 * never leaves a moment without rules) and {@code ip6tables-restore}, then makes sure {@code OUTPUT} jumps to the
 * chain first. Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) on the engine's host. Blocking (one short process
 * tree, ~10 ms); thread-safe.
 */
final class SpaceFirewall {
    private static final long TIMEOUT_SECONDS = 15;
    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    /** $1 IPv4 rules file, $2 IPv6 rules file or empty; -w: the xtables lock is shared with the engines. */
    private static final String SCRIPT = """
            set -e
            iptables-restore -w 5 --noflush "$1"
            iptables -w 5 -C OUTPUT -j %1$s 2>/dev/null || iptables -w 5 -I OUTPUT 1 -j %1$s
            if [ -n "$2" ]; then
              ip6tables-restore -w 5 --noflush "$2"
              ip6tables -w 5 -C OUTPUT -j %1$s 2>/dev/null || ip6tables -w 5 -I OUTPUT 1 -j %1$s
            fi
            """.formatted(EgressRuleset.CHAIN);

    private final String nsenter;
    private final String shell;
    private final String path;
    private final boolean ipv6;

    private SpaceFirewall(String nsenter, String shell, String path, boolean ipv6) {
        this.nsenter = nsenter;
        this.shell = shell;
        this.path = path;
        this.ipv6 = ipv6;
    }

    /**
     * The firewall if the host can run it: {@code nsenter}, {@code sh}, a working {@code iptables} and
     * {@code iptables-restore} (and, when the kernel has IPv6, {@code ip6tables}). Empty otherwise, with the reason.
     */
    static Result probe() {
        Optional<String> nsenter = executable("nsenter");
        Optional<String> shell = executable("sh");
        Optional<String> iptables = executable("iptables");
        Optional<String> restore = executable("iptables-restore");
        if (nsenter.isEmpty() || shell.isEmpty() || iptables.isEmpty() || restore.isEmpty()) {
            return new Result(null, "nsenter, sh, iptables and iptables-restore must be installed on the host");
        }
        String dirs = String.join(":", SEARCH) + ":" + System.getenv().getOrDefault("PATH", "");
        try {
            run(List.of(iptables.get(), "-w", "5", "-S", "OUTPUT"), dirs);
        } catch (IOException unusable) {
            return new Result(null, "iptables does not work here: " + unusable.getMessage());
        }
        boolean ipv6 = Files.exists(Path.of("/proc/net/if_inet6")) && executable("ip6tables-restore").isPresent();
        return new Result(new SpaceFirewall(nsenter.get(), shell.get(), dirs, ipv6), "");
    }

    /** A usable firewall, or why there is none. */
    record Result(SpaceFirewall firewall, String reason) {}

    /**
     * Replaces the space's rules with {@code rules} in the namespace of process {@code pid}.
     *
     * @throws IOException when the namespace is gone or a rule is refused (the message says which)
     */
    void apply(long pid, EgressRuleset rules) throws IOException {
        Path ipv4 = privateFile("v4", rules.ipv4());
        Path ipv6File = ipv6 ? privateFile("v6", rules.ipv6()) : null;
        try {
            run(List.of(nsenter, "--net=/proc/" + pid + "/ns/net", shell, "-c", SCRIPT, "warren-egress",
                    ipv4.toString(), ipv6File == null ? "" : ipv6File.toString()), path);
        } finally {
            Files.deleteIfExists(ipv4);
            if (ipv6File != null) {
                Files.deleteIfExists(ipv6File);
            }
        }
    }

    private static Path privateFile(String suffix, String content) throws IOException {
        Path file = Files.createTempFile("warren-egress-", "." + suffix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        return file;
    }

    /** Runs a command; fails on a non-zero exit (with its output) or after the timeout. */
    private static void run(List<String> command, String path) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        Process process = builder.start();
        try {
            byte[] output = process.getInputStream().readAllBytes(); // a few lines at most
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the firewall rules took longer than " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the firewall rules", interrupted);
        }
    }

    static Optional<String> executable(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
        dirs.addAll(SEARCH);
        return dirs.stream().filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    @Override
    public String toString() {
        return "iptables" + (ipv6 ? " and ip6tables" : "") + " in each space's network namespace";
    }
}
