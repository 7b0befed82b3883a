package dev.warren.server.pools;

import dev.warren.client.wire.Pools.PoolInfo;
import dev.warren.client.wire.Pools.PoolRequest;
import dev.warren.core.FieldError;
import dev.warren.core.ValidationException;
import dev.warren.core.model.PoolMember;
import dev.warren.core.model.PoolSettings;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceSpec;
import dev.warren.server.spaces.SpaceSpecs;
import dev.warren.store.PoolStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warm pools per template. A member is a space's container started ahead for one owner who uses the template (so it
 * sits on that owner's network, with that owner's limits and template values: a container cannot move between
 * tenants' networks cheaply — measured ~200 ms — and must never carry one tenant's values to another). A claim takes
 * the oldest ready member of the template's current version for the owner; the refill keeps {@code size} ready
 * members for every owner who created from the template within the idle lifetime, never more than {@code max} per
 * template nor {@code maxTotal} overall, and not while the host is short of memory. Members of an older template
 * version, and those waiting longer than the idle lifetime, are removed. Thread-safe.
 */
public final class WarmPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPools.class);
    /** Members started at once: a refill must not crowd out the starts users wait for. */
    private static final int CONCURRENT_STARTS = 2;
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(30);

    /** @param maxTotal most members over all templates; {@code zone} as spaces get it */
    public record Limits(int maxTotal, String zone) {}

    private final PoolStore store;
    private final TemplateStore templates;
    private final UserStore users;
    private final SpaceRuntime runtime;
    private final SpaceSpecs specs;
    private final Limits limits;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Timer claimLatency;
    private final Semaphore starts = new Semaphore(CONCURRENT_STARTS);
    /** Template id → owner id → when the owner last created from it (a claim, served or not). */
    private final Map<String, Map<String, Instant>> activeOwners = new ConcurrentHashMap<>();
    /** Template id → until when its refill waits after a failed start. */
    private final Map<String, Instant> backoff = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> misses = new ConcurrentHashMap<>();
    private final Set<String> startingNow = ConcurrentHashMap.newKeySet();

    public WarmPools(PoolStore store, TemplateStore templates, UserStore users, SpaceRuntime runtime,
            SpaceSpecs specs, Limits limits, Clock clock, MeterRegistry metrics) {
        this.store = store;
        this.templates = templates;
        this.users = users;
        this.runtime = runtime;
        this.specs = specs;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.claimLatency = Timer.builder("warren_pool_claim").description("Time to claim a pooled space")
                .register(metrics);
        Gauge.builder("warren_pool_members", () -> store.members().size()).description("Warm pool members")
                .register(metrics);
    }

    // ---- settings ----

    public PoolInfo info(Template template) {
        PoolSettings settings = store.settings(template.id())
                .orElse(new PoolSettings(template.id(), 0, 0, Duration.ZERO));
        List<PoolMember> members = store.members().stream()
                .filter(member -> member.templateId().equals(template.id())).toList();
        return new PoolInfo(template.id(), template.name(), settings.size(), settings.maxSize(),
                settings.idleLifetime().toSeconds(),
                (int) members.stream().filter(member -> member.state() == PoolMember.State.READY).count(),
                (int) members.stream().filter(member -> member.state() == PoolMember.State.STARTING).count(),
                counter(hits, template.id()).get(), counter(misses, template.id()).get());
    }

    /**
     * Sets a template's pool (admins). Refused with a sentence when the values are out of range, or when the
     * template uses values of the space (its name, id, custom fields) anywhere a started container cannot change —
     * command, working directory, user, volume paths, a set hostname. Size 0 drains it.
     */
    public PoolInfo configure(Template template, PoolRequest request) {
        List<FieldError> errors = new ArrayList<>();
        int size = request == null || request.size() == null ? -1 : request.size();
        int max = request == null || request.max() == null ? Math.max(size, 0) * 4 : request.max();
        long idle = request == null || request.idleLifetime() == null ? 3600 : request.idleLifetime();
        if (size < 0 || size > limits.maxTotal()) {
            errors.add(new FieldError("size", "size must be 0 (no pool) to " + limits.maxTotal()
                    + " (WARREN_POOL_MAX_TOTAL), not " + (request == null ? null : request.size()) + "."));
        }
        if (max < size || max > limits.maxTotal()) {
            errors.add(new FieldError("max", "max must be at least size and at most " + limits.maxTotal()
                    + " (WARREN_POOL_MAX_TOTAL), not " + max + "."));
        }
        if (idle < 10 || idle > 30L * 24 * 3600) {
            errors.add(new FieldError("idle_lifetime", "idle_lifetime must be 10 seconds to 30 days, not " + idle
                    + "."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (size > 0) {
            requirePoolable(template);
        }
        store.putSettings(new PoolSettings(template.id(), size, size == 0 ? 0 : max, Duration.ofSeconds(idle)));
        if (size == 0) {
            store.members().stream().filter(member -> member.templateId().equals(template.id()))
                    .forEach(this::removeMember);
            activeOwners.remove(template.id());
        }
        return info(template);
    }

    /** Two spaces of different names and ids must get the same container apart from their environment. */
    private void requirePoolable(Template template) {
        User probeOwner = new User("pool-probe", "pool-probe", "probe@localhost", "", Set.of(), true,
                dev.warren.core.model.Shell.SH, "UTC", "", Instant.EPOCH);
        SpaceSpec a = specs.of(probe(template, probeOwner, "probe-a", "id-a"), template, probeOwner, "");
        SpaceSpec b = specs.of(probe(template, probeOwner, "probe-b", "id-b"), template, probeOwner, "");
        List<String> differing = new ArrayList<>();
        if (!a.command().equals(b.command())) {
            differing.add("command");
        }
        if (!a.workdir().equals(b.workdir())) {
            differing.add("workdir");
        }
        if (!a.user().equals(b.user())) {
            differing.add("user");
        }
        if (!a.volumes().equals(b.volumes())) {
            differing.add("volumes");
        }
        if (!a.image().equals(b.image())) {
            differing.add("image");
        }
        boolean derivedHostname = a.hostname().equals("probe-a") && b.hostname().equals("probe-b");
        if (!derivedHostname && !a.hostname().equals(b.hostname())) {
            differing.add("hostname");
        }
        if (!differing.isEmpty()) {
            throw ValidationException.of("template", "Template '" + template.name() + "' uses values of the space"
                    + " (its name, id or custom fields) in " + String.join(", ", differing) + ": a container started"
                    + " ahead cannot take them, so this template cannot have a warm pool. Pools serve templates that"
                    + " use such values only in their environment.");
        }
    }

    // ---- claims ----

    /**
     * Takes a ready member of the template's current version for the owner, if there is one: the caller creates the
     * space with the member's id and adopts its container. Counts a hit or a miss; the owner counts as active either
     * way, so the refill starts members for them.
     */
    public Optional<String> claim(Template template, User owner) {
        if (store.settings(template.id()).filter(settings -> settings.size() > 0).isEmpty()) {
            return Optional.empty();
        }
        activeOwners.computeIfAbsent(template.id(), id -> new ConcurrentHashMap<>()).put(owner.id(), clock.instant());
        long start = System.nanoTime();
        Optional<PoolMember> claimed = store.claim(template.id(), template.hash(), owner.id());
        claimLatency.record(Duration.ofNanos(System.nanoTime() - start));
        counter(claimed.isPresent() ? hits : misses, template.id()).incrementAndGet();
        metricsCounter(template, claimed.isPresent() ? "hit" : "miss").increment();
        return claimed.map(PoolMember::spaceId);
    }

    /** A claimed member whose container could not be adopted: it goes (the caller starts its space cold). */
    public void discard(String spaceId) {
        try {
            runtime.destroy(spaceId);
        } catch (RuntimeException failed) {
            LOG.warn("Could not remove the pooled container {}: {}", spaceId, failed.getMessage());
        }
    }

    public boolean isMember(String spaceId) {
        return startingNow.contains(spaceId) || store.isMember(spaceId);
    }

    // ---- upkeep ----

    /** After a restart: members still starting are removed, ready ones whose container is gone too. */
    public void recover() {
        for (PoolMember member : store.members()) {
            boolean keep = member.state() == PoolMember.State.READY && runtime.inspect(member.spaceId())
                    .filter(status -> status.running() && !status.paused()).isPresent();
            if (!keep) {
                removeMember(member);
            }
        }
    }

    /** One pass: drain old versions and expired members, then start what is missing. Never throws. */
    public void refill() {
        try {
            for (PoolSettings settings : store.allSettings()) {
                refill(settings);
            }
        } catch (RuntimeException failed) {
            LOG.warn("Warm pool upkeep failed; trying again shortly: {}", failed.getMessage());
        }
    }

    private void refill(PoolSettings settings) {
        Template template = templates.findById(settings.templateId()).orElse(null);
        if (template == null) {
            return;
        }
        Instant now = clock.instant();
        List<PoolMember> members = new ArrayList<>();
        for (PoolMember member : store.members()) {
            if (!member.templateId().equals(template.id())) {
                continue;
            }
            boolean stale = !member.templateHash().equals(template.hash());
            boolean expired = member.state() == PoolMember.State.READY
                    && member.createdAt().plus(settings.idleLifetime()).isBefore(now);
            if (stale || expired) {
                removeMember(member);
            } else {
                members.add(member);
            }
        }
        Map<String, Instant> owners = activeOwners.getOrDefault(template.id(), Map.of());
        owners.values().removeIf(last -> last.plus(settings.idleLifetime()).isBefore(now));
        if (!template.active() || backoff.getOrDefault(template.id(), Instant.MIN).isAfter(now)) {
            return;
        }
        int total = members.size();
        for (String ownerId : List.copyOf(owners.keySet())) {
            long forOwner = members.stream().filter(member -> member.ownerId().equals(ownerId)).count();
            while (forOwner < settings.size() && total < settings.maxSize() && store.members().size()
                    < limits.maxTotal() && HostMemory.roomy() && starts.tryAcquire()) {
                startMember(template, ownerId);
                forOwner++;
                total++;
            }
        }
    }

    /** Starts one member on a virtual thread; its row says STARTING until its container runs. */
    private void startMember(Template template, String ownerId) {
        String id = UUID.randomUUID().toString();
        startingNow.add(id);
        store.addMember(new PoolMember(id, template.id(), template.hash(), ownerId, PoolMember.State.STARTING,
                clock.instant()));
        Thread.ofVirtual().name("warren-pool-" + template.name()).start(() -> {
            try {
                User owner = users.findById(ownerId).orElseThrow(() ->
                        new IllegalStateException("its owner no longer exists"));
                runtime.start(specs.ofPooledSandbox(probe(template, owner, template.name(), id), template, owner),
                        progress -> { });
                if (!store.markReady(id)) {
                    runtime.destroy(id); // drained while it started
                }
            } catch (RuntimeException failed) {
                backoff.put(template.id(), clock.instant().plus(FAILURE_BACKOFF));
                LOG.warn("A warm pool member of template {} could not start (next try in {} s): {}", template.name(),
                        FAILURE_BACKOFF.toSeconds(), failed.getMessage());
                store.removeMember(id);
                discard(id);
            } finally {
                startingNow.remove(id);
                starts.release();
            }
        });
    }

    /** Removes a member if no claim took it first (the row goes first: whoever removes it owns the container). */
    private void removeMember(PoolMember member) {
        if (store.removeMember(member.spaceId())) {
            discard(member.spaceId());
        }
    }

    /** The space a member is started as: the owner's, named after the template until a claim names it. */
    private Space probe(Template template, User owner, String name, String id) {
        Instant now = clock.instant();
        return new Space(id, name, "", template.id(), owner.id(), owner.preferredShell(), "", List.of(), List.of(),
                "", Map.of(), SpaceState.STOPPED, null, null, limits.zone(), null, now, now);
    }

    private Counter metricsCounter(Template template, String result) {
        return Counter.builder("warren_pool_claims").tag("template", template.name()).tag("result", result)
                .description("Sandbox creates served from a warm pool (hit) or not (miss)").register(metrics);
    }

    private static AtomicLong counter(Map<String, AtomicLong> counters, String templateId) {
        return counters.computeIfAbsent(templateId, id -> new AtomicLong());
    }

    /** Members stay when the server stops: the next start keeps the ready ones and removes the rest. */
    @Override
    public void close() {
        activeOwners.clear();
    }
}
