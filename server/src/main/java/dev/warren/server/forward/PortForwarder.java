package dev.warren.server.forward;

import dev.warren.client.wire.Ports.ApplyRequest;
import dev.warren.client.wire.Ports.ApplyResult;
import dev.warren.client.wire.Ports.Forward;
import dev.warren.client.wire.Ports.ForwardRequest;
import dev.warren.client.wire.Ports.StopRequest;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.WarrenException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.PortForward;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.store.PortForwardStore;
import dev.warren.store.SpaceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The forwards of every space and their listeners. A forward lives in memory while its source runs; a persistent
 * one is also stored and comes back whenever its source starts, including after a server restart. Every change
 * goes through one lock, so checks and effects are atomic: a refused request changes nothing. Space state changes
 * arrive through {@link #spaceChanged}: a source that starts gets its listeners, one that stops loses them (and
 * its non-persistent forwards). Blocking (binds, engine inspections); thread-safe.
 */
public final class PortForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortForwarder.class);
    static final int MAX_CONNECTIONS_PER_FORWARD = 256;

    /** One forward and, while its source runs, its listener. */
    private record Entry(PortForward forward, PortListener listener) {}

    private final SpaceStore spaces;
    private final PortForwardStore store;
    private final ForwardTargets targets;
    private final SpaceAddresses addresses;
    private final NetworkNamespaces namespaces;
    /** The kernel-only path, or null: every forward uses the relay. */
    private final NatRules nat;
    private final Object lock = new Object();
    /** Source space id → local port → entry. Guarded by {@link #lock}. */
    private final Map<String, TreeMap<Integer, Entry>> bySource = new HashMap<>();

    PortForwarder(SpaceStore spaces, SpaceAccess access, PortForwardStore store, SpaceAddresses addresses,
            NetworkNamespaces namespaces, NatRules nat) {
        this.spaces = spaces;
        this.nat = nat;
        this.store = store;
        this.targets = new ForwardTargets(spaces, access);
        this.addresses = addresses;
        this.namespaces = namespaces;
    }

    /** Loads the stored forwards and opens those whose source runs. Called once at start-up. */
    void restore() {
        synchronized (lock) {
            for (PortForward stored : store.listAll()) {
                sourceEntries(stored.sourceSpaceId()).put(stored.localPort(), new Entry(stored, null));
            }
            for (String sourceId : List.copyOf(bySource.keySet())) {
                spaces.findById(sourceId).filter(space -> space.state() == SpaceState.RUNNING)
                        .ifPresent(space -> activate(space.id()));
            }
        }
        for (Space space : spaces.listAll()) {
            if (space.state() == SpaceState.RUNNING) {
                removeGhostRules(space.id());
            }
        }
    }

    /** Creates one forward from {@code sourceRef}. See the class comment for the rules. */
    public Forward forward(Caller caller, String sourceRef, ForwardRequest request) {
        ForwardRules.check(request, "");
        Space source = targets.managedSource(caller, sourceRef, "add");
        Space target = targets.target(caller, source, request.space());
        PortForward wanted = ForwardRules.toForward(source, target, request);
        synchronized (lock) {
            Entry existing = bySource.getOrDefault(source.id(), new TreeMap<>()).get(wanted.localPort());
            if (existing != null) {
                throw new ConflictException("Port " + wanted.localPort() + " of space '" + source.name()
                        + "' is already forwarded; stop that forward first.");
            }
            return view(start(source, target, wanted));
        }
    }

    /** The forwards of a space: active ones, and persistent ones waiting for the space to start. */
    public List<Forward> list(Caller caller, String sourceRef) {
        Space source = targets.source(caller, sourceRef);
        synchronized (lock) {
            return bySource.getOrDefault(source.id(), new TreeMap<>()).values().stream()
                    .map(entry -> view(entry.forward())).toList();
        }
    }

    /** Stops one forward (and forgets it if persistent). 404 if there is none on that port. */
    public Forward stop(Caller caller, String sourceRef, StopRequest request) {
        int localPort = ForwardRules.port(request == null ? null : request.localPort(), "local_port");
        Space source = targets.managedSource(caller, sourceRef, "stop");
        synchronized (lock) {
            Entry entry = sourceEntries(source.id()).get(localPort);
            if (entry == null) {
                throw new NotFoundException("Space '" + source.name() + "' has no forward on port " + localPort
                        + ".");
            }
            remove(entry);
            return view(entry.forward());
        }
    }

    /**
     * Makes the space's forwards exactly {@code request.forwards()}: others stop, new ones start, one with the same
     * local port, target and remote port is left alone and reported in neither list. Invalid input (400) or an
     * invisible source (404) changes nothing; a forward that cannot start is reported in {@code errors}.
     */
    public ApplyResult apply(Caller caller, String sourceRef, ApplyRequest request) {
        List<ForwardRequest> wantedRequests = ForwardRules.checkAll(request);
        Space source = targets.managedSource(caller, sourceRef, "replace");
        List<Forward> applied = new ArrayList<>();
        List<Forward> stopped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        synchronized (lock) {
            Map<Integer, ForwardRequest> wantedByPort = new HashMap<>();
            wantedRequests.forEach(wanted -> wantedByPort.put(wanted.localPort(), wanted));
            for (Entry entry : List.copyOf(sourceEntries(source.id()).values())) {
                if (!wantedByPort.containsKey(entry.forward().localPort())) {
                    remove(entry);
                    stopped.add(view(entry.forward()));
                }
            }
            for (ForwardRequest wantedRequest : wantedRequests) {
                try {
                    Space target = targets.target(caller, source, wantedRequest.space());
                    PortForward wanted = ForwardRules.toForward(source, target, wantedRequest);
                    Entry existing = sourceEntries(source.id()).get(wanted.localPort());
                    if (existing != null && existing.forward().sameRoute(wanted)) {
                        continue;
                    }
                    ForwardRules.requireStartable(source, target, wanted, addresses);
                    if (existing != null) {
                        remove(existing);
                        stopped.add(view(existing.forward()));
                    }
                    applied.add(view(start(source, target, wanted)));
                } catch (WarrenException refused) {
                    errors.add("local_port " + wantedRequest.localPort() + ": " + refused.getMessage());
                }
            }
        }
        return new ApplyResult(applied, stopped, errors);
    }

    /** Follows a space's state: listeners open when a source runs and close when it stops or is deleted. */
    void spaceChanged(String spaceId, String state) {
        addresses.forget(spaceId);
        synchronized (lock) {
            switch (state) {
                case "running" -> {
                    activate(spaceId);
                    retarget(spaceId, true); // a restarted target has a new address
                    // off the event thread and mostly outside the lock: events and requests go on meanwhile
                    Thread.ofVirtual().name("warren-nat-check").start(() -> removeGhostRules(spaceId));
                }
                case "paused" -> suspend(spaceId); // nothing accepts while frozen; "running" opens them again
                case "stopping", "stopped" -> {
                    retarget(spaceId, false); // its address may go to another container: no rule may point there
                    deactivate(spaceId);
                    dropCrossOwner(spaceId); // a transfer (only of a stopped space) may have changed its owner
                }
                case "deleting", "deleted" -> forgetSpace(spaceId);
                default -> { }
            }
        }
    }

    @Override
    /**
     * The server stops: listeners close, but kernel NAT rules stay, so forwards keep carrying traffic while the
     * server is down; the next start replaces the rules of the forwards it restores and removes the others.
     */
    public void close() {
        synchronized (lock) {
            bySource.values().forEach(entries -> entries.values().forEach(entry -> closeListener(entry.listener())));
            bySource.clear();
        }
    }

    // ---- under the lock ----

    /** Checks the states, binds if the source runs, stores if persistent; all or nothing. */
    private PortForward start(Space source, Space target, PortForward wanted) {
        ForwardRules.requireStartable(source, target, wanted, addresses);
        PortListener listener = null;
        OptionalLong pid = source.state() == SpaceState.RUNNING ? addresses.pid(source.id()) : OptionalLong.empty();
        if (pid.isPresent()) {
            try {
                listener = listen(source, wanted, pid.getAsLong());
            } catch (BindException inUse) {
                throw new ConflictException("Port " + wanted.localPort() + " is already in use inside space '"
                        + source.name() + "'.");
            } catch (IOException gone) {
                if (!wanted.persistent()) {
                    throw new WrongStateException("Space '" + source.name() + "' is not running, so port "
                            + wanted.localPort() + " cannot be forwarded now; use persistent to set it up for "
                            + "its next start.");
                }
                LOG.info("Forward of port {} in space {} waits for the space: {}", wanted.localPort(), source.id(),
                        gone.getMessage());
            }
        } else if (!wanted.persistent()) {
            throw ForwardRules.notRunning(source);
        }
        if (wanted.persistent()) {
            try {
                store.upsert(wanted);
            } catch (RuntimeException failed) {
                closeListener(listener);
                throw failed;
            }
        }
        sourceEntries(source.id()).put(wanted.localPort(), new Entry(wanted, listener));
        if (listener != null) {
            route(wanted, pid.getAsLong(), true);
        }
        return wanted;
    }

    private void remove(Entry entry) {
        PortForward forward = entry.forward();
        close(entry);
        sourceEntries(forward.sourceSpaceId()).remove(forward.localPort());
        if (forward.persistent()) {
            store.delete(forward.sourceSpaceId(), forward.localPort());
        }
    }

    /** The source runs (again): open every forward that has no listener, or one in an old namespace. */
    private void activate(String sourceId) {
        TreeMap<Integer, Entry> entries = bySource.get(sourceId);
        if (entries == null || entries.isEmpty()) {
            return;
        }
        OptionalLong pid = addresses.pid(sourceId);
        if (pid.isEmpty()) {
            return;
        }
        Space source = spaces.findById(sourceId).orElse(null);
        if (source == null) {
            return;
        }
        for (Entry entry : List.copyOf(entries.values())) {
            closeListener(entry.listener());
            PortListener listener = null;
            try {
                listener = listen(source, entry.forward(), pid.getAsLong());
            } catch (IOException failed) {
                LOG.warn("Could not open the forward of port {} in space '{}': {}", entry.forward().localPort(),
                        source.name(), failed.getMessage());
            }
            entries.put(entry.forward().localPort(), new Entry(entry.forward(), listener));
            if (listener != null) {
                route(entry.forward(), pid.getAsLong(), true);
            }
        }
    }

    /**
     * Removes the kernel forward rules in the space's namespace that no forward of this server backs: after a crash
     * (kill -9) a restarted server has forgotten non-persistent forwards whose rules still carry traffic, and nobody
     * could list or stop them. Rules of forwards that are open here stay (activate rewrote them). The listing runs
     * outside the lock; each removal is decided and done under it, so a forward opened meanwhile keeps its rules.
     */
    private void removeGhostRules(String sourceId) {
        if (nat == null) {
            return;
        }
        OptionalLong pid = addresses.pid(sourceId);
        if (pid.isEmpty()) {
            return;
        }
        try {
            for (int port : nat.taggedPorts(pid.getAsLong())) {
                synchronized (lock) {
                    Entry entry = bySource.getOrDefault(sourceId, new TreeMap<>()).get(port);
                    if (entry == null || entry.listener() == null) {
                        LOG.info("Removing the NAT rules of port {} in space {}: no forward backs them (left behind "
                                + "by a server that stopped without cleaning up).", port, sourceId);
                        nat.remove(pid.getAsLong(), port);
                    }
                }
            }
        } catch (IOException unreadable) {
            LOG.warn("Could not check the NAT rules of space {}: {}", sourceId, unreadable.getMessage());
        }
    }

    /** The source stops: close its listeners, drop its non-persistent forwards. */
    /** Closes the source's listeners but keeps every forward (persistent or not) for its resume. */
    private void suspend(String sourceId) {
        TreeMap<Integer, Entry> entries = bySource.get(sourceId);
        if (entries == null) {
            return;
        }
        for (Entry entry : List.copyOf(entries.values())) {
            closeListener(entry.listener());
            entries.put(entry.forward().localPort(), new Entry(entry.forward(), null));
        }
    }

    private void deactivate(String sourceId) {
        TreeMap<Integer, Entry> entries = bySource.get(sourceId);
        if (entries == null) {
            return;
        }
        for (Entry entry : List.copyOf(entries.values())) {
            closeListener(entry.listener());
            if (entry.forward().persistent()) {
                entries.put(entry.forward().localPort(), new Entry(entry.forward(), null));
            } else {
                entries.remove(entry.forward().localPort());
            }
        }
        if (entries.isEmpty()) {
            bySource.remove(sourceId);
        }
    }

    /**
     * Forwards from or to {@code spaceId} whose two ends no longer share an owner (after a transfer) go, in memory
     * and in the store: a forward must never cross users.
     */
    private void dropCrossOwner(String spaceId) {
        Optional<Space> changed = spaces.findById(spaceId);
        if (changed.isEmpty()) {
            return;
        }
        for (TreeMap<Integer, Entry> entries : List.copyOf(bySource.values())) {
            for (Entry entry : List.copyOf(entries.values())) {
                PortForward forward = entry.forward();
                if (!forward.sourceSpaceId().equals(spaceId) && !forward.targetSpaceId().equals(spaceId)) {
                    continue;
                }
                String other = forward.sourceSpaceId().equals(spaceId) ? forward.targetSpaceId()
                        : forward.sourceSpaceId();
                boolean sameOwner = spaces.findById(other)
                        .map(space -> space.userId().equals(changed.get().userId())).orElse(false);
                if (!sameOwner) {
                    close(entry);
                    entries.remove(forward.localPort());
                    store.delete(forward.sourceSpaceId(), forward.localPort());
                }
            }
        }
        bySource.values().removeIf(Map::isEmpty);
        for (PortForward stored : store.listAll()) { // persistent forwards of sources not in memory
            boolean touches = stored.sourceSpaceId().equals(spaceId) || stored.targetSpaceId().equals(spaceId);
            String other = stored.sourceSpaceId().equals(spaceId) ? stored.targetSpaceId() : stored.sourceSpaceId();
            if (touches && !spaces.findById(other).map(space -> space.userId().equals(changed.get().userId()))
                    .orElse(false)) {
                store.delete(stored.sourceSpaceId(), stored.localPort());
            }
        }
    }

    /** The space is deleted: its forwards and every forward to it go (the store drops their rows too). */
    private void forgetSpace(String spaceId) {
        deactivate(spaceId);
        TreeMap<Integer, Entry> own = bySource.remove(spaceId);
        if (own != null) {
            own.values().forEach(this::close);
        }
        for (TreeMap<Integer, Entry> entries : bySource.values()) {
            for (Entry entry : List.copyOf(entries.values())) {
                if (entry.forward().targetSpaceId().equals(spaceId)) {
                    close(entry);
                    entries.remove(entry.forward().localPort());
                }
            }
        }
        bySource.values().removeIf(Map::isEmpty);
        store.deleteForSpace(spaceId);
    }

    private PortListener listen(Space source, PortForward forward, long pid) throws IOException {
        List<InetSocketAddress> loopback = List.of(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), forward.localPort()),
                new InetSocketAddress(InetAddress.ofLiteral("::1"), forward.localPort()));
        String target = forward.targetSpaceId();
        int remotePort = forward.remotePort();
        return new PortListener(source.name() + ":" + forward.localPort(), namespaces.bind(pid, loopback),
                () -> addresses.dial(target, remotePort), MAX_CONNECTIONS_PER_FORWARD).start();
    }

    /**
     * Points the forward's NAT rules at the target's current address, or removes them when the target does not run
     * ({@code targetRuns} false, or no address): then the relay's listener answers (and refuses while the target is
     * down). Without NAT, nothing to do.
     */
    private void route(PortForward forward, long sourcePid, boolean targetRuns) {
        if (nat == null) {
            return;
        }
        Optional<InetAddress> target = targetRuns ? addresses.current(forward.targetSpaceId()) : Optional.empty();
        if (target.isPresent() && target.get() instanceof java.net.Inet4Address) {
            nat.install(sourcePid, forward.localPort(), target.get(), forward.remotePort());
        } else {
            nat.remove(sourcePid, forward.localPort());
        }
    }

    /** The target {@code targetId} started or stops: re-route every open forward to it. */
    private void retarget(String targetId, boolean running) {
        if (nat == null) {
            return;
        }
        for (TreeMap<Integer, Entry> entries : bySource.values()) {
            for (Entry entry : entries.values()) {
                if (entry.listener() != null && entry.forward().targetSpaceId().equals(targetId)) {
                    addresses.pid(entry.forward().sourceSpaceId())
                            .ifPresent(pid -> route(entry.forward(), pid, running));
                }
            }
        }
    }

    /** Closes the forward's listener and removes its NAT rules while its source still runs. */
    private void close(Entry entry) {
        closeListener(entry.listener());
        if (nat != null && entry.listener() != null) {
            addresses.pid(entry.forward().sourceSpaceId())
                    .ifPresent(pid -> nat.remove(pid, entry.forward().localPort()));
        }
    }

    private TreeMap<Integer, Entry> sourceEntries(String sourceId) {
        return bySource.computeIfAbsent(sourceId, id -> new TreeMap<>());
    }

    private Forward view(PortForward forward) {
        String targetName = spaces.findById(forward.targetSpaceId()).map(Space::name)
                .orElse(forward.targetSpaceId());
        return new Forward(forward.localPort(), targetName, forward.remotePort(), forward.persistent());
    }

    private static void closeListener(PortListener listener) {
        if (listener != null) {
            listener.close();
        }
    }
}
