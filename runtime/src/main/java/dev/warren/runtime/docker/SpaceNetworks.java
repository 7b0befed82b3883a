package dev.warren.runtime.docker;

import dev.warren.core.EngineFailureException;
import dev.warren.core.model.EgressPolicy;
import dev.warren.engine.ContainerState;
import dev.warren.engine.Engine;
import dev.warren.engine.EngineException;
import dev.warren.engine.NetworkSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The networks of spaces on Docker and Podman (ADR 0006): one bridge network per owner, and in every space's network
 * namespace the filter rules of {@link EgressRuleset}, so that a space reaches no other space (forwards aside), not
 * the host and not the engine, and outside only what its egress policy allows.
 *
 * <p>Rules are written when a space starts (before its agent starts anything: the agent waits for the release file),
 * replaced at once when its policy changes, and rewritten for every space this server enforces whenever the host's
 * networks change: a new owner network, and any address appearing on the host (a bridge another program made), which
 * a watcher ({@code ip -o monitor address}) reports as it happens. Domains are resolved each time rules are computed.
 * Thread-safe; blocking.
 */
final class SpaceNetworks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceNetworks.class);
    /** A network ensured this recently may be about to get a container: it is not removed as unused. */
    private static final long IN_FLIGHT_NANOS = 30_000_000_000L;
    /** How long a scan of the host's networks is reused. */
    private static final long SCAN_NANOS = 2_000_000_000L;

    /** What is in force in one space's namespace. */
    private record Enforced(long pid, EgressPolicy policy, EgressRuleset rules) {}

    private final Engine engine;
    private final SpaceLabels labels;
    /** Null when isolation is off; {@link #unavailable} says why it is off when it should be on. */
    private final SpaceFirewall firewall;
    private final String unavailable;
    private final Function<String, List<InetAddress>> resolver;
    private final Map<String, Enforced> enforced = new ConcurrentHashMap<>();
    private final Map<String, Object> spaceLocks = new ConcurrentHashMap<>();
    private final Map<String, Long> ensuredAt = new ConcurrentHashMap<>();
    private final Object scanLock = new Object();
    private final Map<String, Object> ownerLocks = new ConcurrentHashMap<>();
    private HostNetworks host;
    private long scannedAt;
    private volatile boolean closed;
    private volatile Process monitor;

    /**
     * @param firewall    the firewall, or null
     * @param unavailable empty when isolation is wanted and {@code firewall} is set or when it is off on purpose;
     *                    otherwise why it cannot be enforced (every start then fails with this sentence)
     */
    SpaceNetworks(Engine engine, SpaceLabels labels, SpaceFirewall firewall, String unavailable,
            Function<String, List<InetAddress>> resolver) {
        this.engine = engine;
        this.labels = labels;
        this.firewall = firewall;
        this.unavailable = unavailable;
        this.resolver = resolver;
    }

    /**
     * Follows the host's addresses ({@code ip -o monitor address}, restarted if it dies) and rewrites every space's
     * rules when they change, so a bridge created by anyone is closed to spaces within moments, not at the next
     * periodic refresh. Without {@code ip}, the periodic refresh and every start still rescan.
     */
    void watchHost() {
        if (firewall == null) {
            return;
        }
        Optional<String> ip = SpaceFirewall.executable("ip");
        if (ip.isEmpty()) {
            LOG.warn("The host's addresses are not watched (no 'ip' command): new bridges are closed to spaces at the"
                    + " next start or refresh.");
            return;
        }
        Thread.ofPlatform().daemon().name("warren-host-addresses").start(() -> {
            while (!closed) {
                try {
                    Process process = new ProcessBuilder(ip.get(), "-o", "monitor", "address")
                            .redirectErrorStream(true).start();
                    monitor = process;
                    rescan(true); // anything that changed before the monitor listened
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        while (lines.readLine() != null) {
                            while (lines.ready() && lines.readLine() != null) {
                                // a burst of changes: one rescan
                            }
                            rescan(true);
                        }
                    }
                    process.waitFor();
                } catch (IOException | RuntimeException failed) {
                    LOG.debug("Watching the host's addresses: {}", failed.getMessage());
                } catch (InterruptedException interrupted) {
                    return;
                }
                if (!closed) {
                    LockSupport.parkNanos(1_000_000_000L); // then start the monitor again
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Process process = monitor;
        if (process != null) {
            process.destroy();
        }
    }

    /** The system resolver (through the JVM's cache, which keeps answers 30 s); unknown names resolve to nothing. */
    static List<InetAddress> systemResolver(String domain) {
        try {
            return List.of(InetAddress.getAllByName(domain));
        } catch (UnknownHostException unknown) {
            LOG.info("The egress domain {} does not resolve now; it allows nothing until it does.", domain);
            return List.of();
        }
    }

    /** Creates the owner's network unless it exists; returns its name. New networks are closed to running spaces. */
    String ensure(String ownerId) {
        String name = labels.ownerNetworkName(ownerId);
        // One at a time per owner: Docker accepts two networks of one name, and then neither can be used by name.
        synchronized (ownerLock(ownerId)) {
            ensuredAt.put(ownerId, System.nanoTime());
            engine.ensureNetwork(name, labels.owner(ownerId));
        }
        rescan(true);
        return name;
    }

    private Object ownerLock(String ownerId) {
        return ownerLocks.computeIfAbsent(ownerId, id -> new Object());
    }

    /**
     * Writes the space's rules into the namespace of its process {@code pid} and remembers them; replaces earlier
     * ones. Unchanged rules in the same namespace are not rewritten.
     *
     * @throws EngineFailureException when isolation is wanted but unavailable, or a rule cannot be written
     */
    void enforce(String spaceId, long pid, EgressPolicy policy) {
        enforce(spaceId, pid, policy, false);
    }

    /** @param refresh only rewrite what is in force: skip when the space's policy changed or it was forgotten */
    private void enforce(String spaceId, long pid, EgressPolicy policy, boolean refresh) {
        if (firewall == null) {
            if (!unavailable.isEmpty()) {
                throw new EngineFailureException("The space's network cannot be isolated: " + unavailable
                        + ". Install them, or set WARREN_SPACE_FIREWALL=off to run spaces without isolation.");
            }
            return;
        }
        // Until the rules were written with the newest scan: a rescan running meanwhile rewrote the spaces it knew,
        // which did not include this one yet.
        for (int attempt = 0; attempt < 5; attempt++) {
            HostNetworks now = rescan(false); // before the space's lock: a rescan may rewrite other spaces' rules
            write(spaceId, pid, policy, now, refresh);
            synchronized (scanLock) {
                if (host == now) {
                    return;
                }
            }
        }
    }

    private void write(String spaceId, long pid, EgressPolicy policy, HostNetworks now, boolean refresh) {
        EgressRuleset rules = EgressRuleset.of(policy, resolve(policy), now); // lookups outside the lock
        synchronized (spaceLocks.computeIfAbsent(spaceId, id -> new Object())) {
            Enforced current = enforced.get(spaceId);
            if (refresh && (current == null || !current.policy().equals(policy))) {
                return; // a change of policy (or a stop) came first; it wrote with a scan at least as new
            }
            if (current != null && current.pid() == pid && current.rules().equals(rules)) {
                enforced.put(spaceId, new Enforced(pid, policy, rules));
                return;
            }
            try {
                firewall.apply(pid, rules);
            } catch (IOException failed) {
                enforced.remove(spaceId);
                throw new EngineFailureException("Could not write the network rules of the space: "
                        + failed.getMessage(), failed);
            }
            enforced.put(spaceId, new Enforced(pid, policy, rules));
        }
    }

    /** The space stopped or is gone: nothing to keep in force for it. */
    void forget(String spaceId) {
        enforced.remove(spaceId);
        spaceLocks.remove(spaceId);
    }

    /**
     * Removes the owner's network when no container of this server uses it any more (and no start is about to).
     * Never throws: the engine refuses to remove a network in use, and the leftover sweep retries.
     */
    void removeIfUnused(String ownerId) {
        Long ensured = ensuredAt.get(ownerId);
        if (ensured != null && System.nanoTime() - ensured < IN_FLIGHT_NANOS) {
            return;
        }
        try {
            synchronized (ownerLock(ownerId)) {
                if (engine.listContainers(labels.owner(ownerId)).isEmpty()) {
                    engine.removeNetwork(labels.ownerNetworkName(ownerId));
                    ensuredAt.remove(ownerId);
                }
            }
        } catch (RuntimeException busy) {
            LOG.debug("The network of owner {} stays for now: {}", ownerId, busy.getMessage());
        }
    }

    /**
     * Removes this server's networks that no container uses: owners without spaces, and the single shared network
     * of earlier versions. Never throws.
     */
    void removeUnused() {
        try {
            List<String> used = engine.listContainers(labels.instance()).stream()
                    .map(container -> container.labels().getOrDefault(SpaceLabels.OWNER, "")).toList();
            for (NetworkSummary network : engine.listNetworks(labels.instance())) {
                String owner = network.labels().get(SpaceLabels.OWNER);
                if (owner != null && !used.contains(owner)) {
                    removeIfUnused(owner);
                } else if (owner == null && network.name().equals(labels.networkName())) {
                    removeQuietly(network.name()); // the shared network before ADR 0006; refused while in use
                }
            }
        } catch (RuntimeException failed) {
            LOG.debug("Could not look for unused networks: {}", failed.getMessage());
        }
    }

    private void removeQuietly(String network) {
        try {
            engine.removeNetwork(network);
        } catch (RuntimeException inUse) {
            LOG.debug("Network {} stays for now: {}", network, inUse.getMessage());
        }
    }

    /**
     * The host's networks, scanned again when {@code force} or when the last scan is older than a moment. When they
     * changed, every space in force gets rules with the new set.
     */
    private HostNetworks rescan(boolean force) {
        HostNetworks before;
        HostNetworks now;
        synchronized (scanLock) {
            if (!force && host != null && System.nanoTime() - scannedAt < SCAN_NANOS) {
                return host;
            }
            before = host;
            now = HostNetworks.scan(engineSubnets());
            host = now;
            scannedAt = System.nanoTime();
        }
        if (before != null && !before.equals(now) && firewall != null) {
            LOG.info("The host's networks changed: rewriting the rules of {} running spaces.", enforced.size());
            for (Map.Entry<String, Enforced> entry : new ArrayList<>(enforced.entrySet())) {
                try {
                    // the pid again from the engine: a container gone meanwhile may have left its pid to another
                    OptionalLong pid = engine.inspectContainer(labels.containerName(entry.getKey()))
                            .filter(ContainerState::running).map(ContainerState::hostPid).orElse(OptionalLong.empty());
                    if (pid.isEmpty()) {
                        forget(entry.getKey());
                        continue;
                    }
                    enforce(entry.getKey(), pid.getAsLong(), entry.getValue().policy(), true);
                } catch (RuntimeException failed) {
                    LOG.warn("Could not rewrite the network rules of space {}: {}", entry.getKey(),
                            failed.getMessage());
                }
            }
        }
        return now;
    }

    private List<String> engineSubnets() {
        try {
            return engine.listNetworks(Map.of()).stream().flatMap(network -> network.subnets().stream()).toList();
        } catch (EngineException failed) {
            LOG.warn("Could not list the engine's networks: {}", failed.getMessage());
            return List.of();
        }
    }

    private Map<String, List<InetAddress>> resolve(EgressPolicy policy) {
        Map<String, List<InetAddress>> resolved = new LinkedHashMap<>();
        for (String domain : policy.domains()) {
            resolved.put(domain, Objects.requireNonNullElse(resolver.apply(domain), List.of()));
        }
        return resolved;
    }

    @Override
    public String toString() {
        return firewall == null ? (unavailable.isEmpty() ? "no isolation (WARREN_SPACE_FIREWALL=off)"
                : "no isolation: " + unavailable) : firewall.toString();
    }
}
