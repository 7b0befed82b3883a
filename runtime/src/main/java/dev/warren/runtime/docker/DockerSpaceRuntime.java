package dev.warren.runtime.docker;

import dev.warren.core.EngineFailureException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.EgressPolicy;
import dev.warren.core.spec.SpecValues;
import dev.warren.engine.ContainerSpec;
import dev.warren.engine.ContainerState;
import dev.warren.engine.ContainerSummary;
import dev.warren.engine.Engine;
import dev.warren.engine.EngineException;
import dev.warren.engine.ImageConfig;
import dev.warren.engine.VolumeSummary;
import dev.warren.runtime.RuntimeResource;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.SnapshotRef;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.SpaceSpec;
import dev.warren.runtime.SpaceStatus;
import dev.warren.runtime.StopReason;
import dev.warren.runtime.VolumeFiles;
import dev.warren.runtime.agent.AgentClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Spaces as containers on Docker or Podman: one container per space (recreated at every start, ADR 0001), one named
 * volume per template volume, all labelled with this server's instance. The in-space agent is each container's
 * process 1 (bind-mounted, so any image works) and runs the image's or the template's command; the data plane talks
 * to it over a unix socket in a per-space host directory. Engine failures become
 * {@link EngineFailureException} here and nowhere else.
 */
public final class DockerSpaceRuntime implements SpaceRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSpaceRuntime.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param instanceId  labels and names of this server's objects (two servers may share an engine)
     * @param agentBinary the static agent program on this host
     * @param agentDir    where per-space agent directories live on this host
     * @param cliDir      the in-space CLI bundle mounted at /opt/warren, or empty for none; asked at every start, so
     *                    a rebuilt bundle reaches spaces started afterwards while running ones keep theirs
     * @param nofile      open files limit, 0 for the host's
     * @param agentReady  how long a start waits for the agent to answer
     */
    public record Settings(String instanceId, Path agentBinary, Path agentDir, Supplier<String> cliDir, long nofile,
            Duration agentReady) {}

    private final Engine engine;
    private final SpaceLabels labels;
    private final Settings settings;
    private final AgentFiles agentFiles;
    private final Map<String, SpaceAgent> agents = new ConcurrentHashMap<>();
    private final SpaceNetworks networks;
    private final UserVolumes userVolumes;
    private final DockerSnapshots snapshots;

    /** Spaces with network isolation (ADR 0006); a start fails when the host cannot enforce it. */
    public DockerSpaceRuntime(Engine engine, Settings settings) {
        this(engine, settings, true);
    }

    /**
     * @param isolate false runs spaces without the firewall in their namespaces (WARREN_SPACE_FIREWALL=off): they
     *                still get one network per owner, but nothing keeps them from the host or enforces egress
     */
    public DockerSpaceRuntime(Engine engine, Settings settings, boolean isolate) {
        this.engine = engine;
        this.settings = settings;
        this.labels = new SpaceLabels(settings.instanceId());
        this.agentFiles = new AgentFiles(settings.agentDir());
        this.userVolumes = new UserVolumes(engine, labels);
        this.snapshots = new DockerSnapshots(engine, labels);
        SpaceFirewall.Result firewall = isolate ? SpaceFirewall.probe() : new SpaceFirewall.Result(null, "");
        this.networks = new SpaceNetworks(engine, labels, firewall.firewall(), firewall.reason(),
                SpaceNetworks::systemResolver);
        LOG.info("Space networks: one per owner; rules: {}.", networks);
        networks.watchHost();
    }

    /** The engine underneath, for engine-level checks in tests and benchmarks. */
    public Engine engine() {
        return engine;
    }

    public SpaceLabels labels() {
        return labels;
    }

    @Override
    public String describe() {
        return call("describe the engine", () -> {
            var info = engine.info();
            return info.kind().name().toLowerCase() + " " + info.version();
        });
    }

    @Override
    public String start(SpaceSpec spec, Consumer<String> progress) {
        String container = labels.containerName(spec.spaceId());
        String id = call("start the space", () -> {
            if (!engine.imageExists(spec.image())) {
                progress.accept("Pulling image " + spec.image());
                engine.pullImage(spec.image(), new PullProgress(spec.image(), progress));
            }
            String network = networks.ensure(spec.ownerId());
            removeContainer(container);
            forgetAgent(spec.spaceId());
            snapshots.seedVolumes(spec);
            syncVolumes(spec);
            ContainerSpec.Builder builder = ContainerSpec.builder(container, snapshots.imageOf(spec))
                    .env(spec.environment())
                    .labels(labels.space(spec.spaceId(), spec.ownerId()))
                    .hostname(spec.hostname().isBlank() ? null : spec.hostname())
                    .memoryBytes(spec.memoryBytes())
                    .nanoCpus(spec.nanoCpus())
                    .privileged(spec.privileged())
                    .network(network)
                    .nofile(spec.nofile() > 0 ? spec.nofile() : settings.nofile())
                    .pidsLimit(spec.pidsLimit())
                    .noNewPrivileges(true)
                    .workdir(spec.workdir().isBlank() ? null : spec.workdir());
            spec.capAdd().forEach(builder::capAdd);
            spec.capDrop().forEach(builder::capDrop);
            spec.volumes().forEach((name, path) -> builder.volume(labels.volumeName(spec.spaceId(), name), path));
            userVolumes.mount(spec, builder);
            String cliDir = settings.cliDir().get();
            if (!cliDir.isBlank()) {
                builder.bind(cliDir, "/opt/warren", true);
            }
            withAgent(builder, spec);
            String created = engine.createContainer(builder.build());
            engine.startContainer(created);
            return created;
        });
        isolate(spec, container);
        awaitAgent(spec.spaceId(), container);
        return id;
    }

    /**
     * Writes the space's network rules into its namespace, then lets the agent (waiting with {@code --hold}) start
     * the space's command: nothing of the space runs before its rules. A container that already stopped is left to
     * {@link #awaitAgent}, which says why.
     */
    private void isolate(SpaceSpec spec, String container) {
        Optional<ContainerState> state = call("inspect the space", () -> engine.inspectContainer(container));
        if (state.isEmpty() || !state.get().running() || state.get().hostPid().isEmpty()) {
            return;
        }
        networks.enforce(spec.spaceId(), state.get().hostPid().getAsLong(), spec.egress());
        userVolumes.verify(spec.spaceId(), state.get().hostPid().getAsLong());
        agentFiles.release(spec.spaceId());
    }

    @Override
    public void applyEgress(String spaceId, EgressPolicy policy) {
        Optional<ContainerState> state = call("inspect the space",
                () -> engine.inspectContainer(labels.containerName(spaceId)));
        if (state.isEmpty() || !state.get().running() || state.get().hostPid().isEmpty()) {
            networks.forget(spaceId);
            return;
        }
        networks.enforce(spaceId, state.get().hostPid().getAsLong(), policy);
    }

    /**
     * The agent is process 1 and runs what the container would have run: the image's entrypoint followed by the
     * template's command (or the image's), as the template's user (or the image's). The container itself runs as
     * root so the agent can start processes as any user the space has.
     */
    private void withAgent(ContainerSpec.Builder builder, SpaceSpec spec) {
        ImageConfig image = engine.imageConfig(spec.image());
        List<String> entrypoint = new ArrayList<>(List.of(AgentFiles.BINARY_MOUNT, "--socket",
                AgentFiles.MOUNT + "/agent.sock", "--secret-file", AgentFiles.MOUNT + "/secret",
                "--hold", AgentFiles.RELEASE_MOUNT));
        String user = spec.user().isBlank() ? image.user() : spec.user();
        if (!user.isBlank()) {
            entrypoint.addAll(List.of("--user", user));
        }
        entrypoint.add("--");
        entrypoint.addAll(image.entrypoint());
        List<String> command = spec.command().isEmpty() ? image.command() : spec.command();
        Path run = agentFiles.prepare(spec.spaceId(), user);
        builder.entrypoint(entrypoint).command(command).user("0:0").init(false)
                .bind(settings.agentBinary().toAbsolutePath().toString(), AgentFiles.BINARY_MOUNT, true)
                .bind(run.toString(), AgentFiles.MOUNT, false);
    }

    /** Waits until the agent answers; a container that stops meanwhile fails the start with what it said. */
    private void awaitAgent(String spaceId, String container) {
        long deadline = System.nanoTime() + settings.agentReady().toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                agent(spaceId).health();
                return;
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            Optional<ContainerState> state = call("inspect the space", () -> engine.inspectContainer(container));
            if (state.isEmpty() || !state.get().running()) {
                throw new EngineFailureException("The space stopped as it started (exit code "
                        + state.flatMap(s -> s.exitCode().isPresent() ? Optional.of(s.exitCode().getAsInt())
                                : Optional.empty()).map(String::valueOf).orElse("unknown")
                        + "): its command ended at once.");
            }
            sleepBriefly();
        }
        throw new EngineFailureException("The space's agent did not answer within "
                + settings.agentReady().toSeconds() + " s" + (last == null ? "." : ": " + last.getMessage()));
    }

    @Override
    public void stop(String spaceId) {
        String owner = call("stop the space", () -> {
            String name = labels.containerName(spaceId);
            Optional<ContainerState> state = engine.inspectContainer(name);
            if (state.isPresent()) {
                if ("paused".equals(state.get().status())) {
                    engine.resumeContainer(name); // a frozen process cannot take SIGTERM and stop cleanly
                }
                engine.stopContainer(name, STOP_TIMEOUT);
                engine.removeContainer(name, true);
            }
            return state.map(found -> found.labels().get(SpaceLabels.OWNER)).orElse(null);
        });
        forgetAgent(spaceId);
        agentFiles.forget(spaceId);
        forgetNetwork(spaceId, owner);
    }

    /** The space's container is gone: its rules died with its namespace; its owner's network may go too. */
    private void forgetNetwork(String spaceId, String owner) {
        networks.forget(spaceId);
        if (owner != null) {
            networks.removeIfUnused(owner);
        }
    }

    @Override
    public void destroy(String spaceId) {
        String owner = call("delete the space's container and volumes", () -> {
            Optional<ContainerState> state = engine.inspectContainer(labels.containerName(spaceId));
            removeContainer(labels.containerName(spaceId));
            for (VolumeSummary volume : engine.listVolumes(labels.spaceOnly(spaceId))) {
                engine.removeVolume(volume.name());
            }
            return state.map(found -> found.labels().get(SpaceLabels.OWNER)).orElse(null);
        });
        forgetAgent(spaceId);
        agentFiles.forget(spaceId);
        forgetNetwork(spaceId, owner);
    }

    @Override
    public void pause(String spaceId) {
        requireRunning(spaceId, "pause");
        call("pause the space", () -> {
            engine.pauseContainer(labels.containerName(spaceId));
            return null;
        });
    }

    @Override
    public void resume(String spaceId) {
        requireRunning(spaceId, "resume");
        call("resume the space", () -> {
            engine.resumeContainer(labels.containerName(spaceId));
            return null;
        });
    }

    @Override
    public Optional<SpaceStatus> inspect(String spaceId) {
        return call("inspect the space", () -> engine.inspectContainer(labels.containerName(spaceId)))
                .map(state -> new SpaceStatus(spaceId, state.id(), state.running(), "paused".equals(state.status()),
                        address(state.ipAddress()), state.hostPid()));
    }

    /**
     * An out-of-memory kill, or the exit code of a space that ended by itself. Docker records an OOM kill anywhere
     * in the container (not every time: the flag comes from an event that races the exit); Podman only one of the
     * container's process 1 (the agent, which the kernel spares: it is small). So a main process killed by SIGKILL
     * under a memory limit is reported as most likely that.
     */
    @Override
    public Optional<StopReason> stopReason(String spaceId) {
        return call("inspect the space", () -> engine.inspectContainer(labels.containerName(spaceId)))
                .filter(state -> !state.running())
                .map(DockerSpaceRuntime::stopReason);
    }

    static StopReason stopReason(ContainerState state) {
        String limit = state.memoryLimitBytes() > 0
                ? " (limit " + SpecValues.describeBytes(state.memoryLimitBytes()) + ")" : "";
        if (state.oomKilled()) {
            return new StopReason("The space was stopped: it ran out of memory" + limit + ".", true);
        }
        if (state.exitCode().isEmpty()) {
            return new StopReason("The space was stopped: its main process ended.", false);
        }
        int code = state.exitCode().getAsInt();
        if (code == 137 && state.memoryLimitBytes() > 0) {
            return new StopReason("The space was stopped: its main process was killed (exit code 137), most likely"
                    + " because it ran out of memory" + limit + ".", true);
        }
        return new StopReason("The space was stopped: its main process ended with exit code " + code + ".", false);
    }

    @Override
    public SpaceAgent agent(String spaceId) {
        SpaceAgent cached = agents.get(spaceId);
        if (cached != null) {
            return cached;
        }
        Optional<byte[]> found = agentFiles.secret(spaceId);
        if (found.isEmpty()) {
            return fallback(spaceId);
        }
        byte[] secret = found.get();
        AgentClient client = new AgentClient(socketOf(spaceId), secret);
        String fileUser = agentFiles.fileUser(spaceId);
        SpaceAgent agent = new TranslatingAgent(fileUser.isEmpty() ? client : client.withFileUser(fileUser));
        SpaceAgent raced = agents.putIfAbsent(spaceId, agent);
        return raced == null ? agent : raced;
    }

    /**
     * Where the agent's socket is on this host: in the run directory the container has mounted, which is this data
     * directory's unless the store was restored into another one while the space kept running.
     */
    private Path socketOf(String spaceId) {
        return call("inspect the space", () -> engine.inspectContainer(labels.containerName(spaceId)))
                .map(state -> state.binds().get(AgentFiles.MOUNT))
                .map(source -> Path.of(source).resolve("agent.sock"))
                .orElseGet(() -> agentFiles.socket(spaceId));
    }

    /** A running space without an agent was started by an older warren: commands go through the engine's exec. */
    private SpaceAgent fallback(String spaceId) {
        String container = labels.containerName(spaceId);
        boolean running = call("inspect the space", () -> engine.inspectContainer(container))
                .map(ContainerState::running).orElse(false);
        if (!running) {
            throw new WrongStateException("The space does not run: start it first.");
        }
        return new ExecFallbackAgent(engine, container);
    }

    @Override
    public void createVolume(String name) {
        call("create the volume", () -> {
            userVolumes.create(name);
            return null;
        });
    }

    @Override
    public void removeVolume(String name) {
        call("remove the volume", () -> {
            userVolumes.remove(name);
            return null;
        });
    }

    @Override
    public VolumeFiles volumeFiles(String name) {
        return call("find the volume", () -> userVolumes.files(name));
    }

    @Override
    public SnapshotRef snapshot(String spaceId, String snapshotId) {
        return call("snapshot the space", () -> snapshots.take(spaceId, snapshotId));
    }

    @Override
    public void removeSnapshot(String snapshotId) {
        call("remove the snapshot", () -> {
            snapshots.remove(snapshotId);
            return null;
        });
    }

    @Override
    public void removeSnapshotLeftovers(Predicate<String> snapshotExists) {
        snapshots.removeLeftovers(snapshotExists);
    }

    /** The snapshots this instance holds images or volumes of. For tests and benchmarks. */
    public Set<String> snapshotsHeld() {
        return call("list the snapshots", snapshots::held);
    }

    @Override
    public List<RuntimeResource> resources() {
        return call("list the spaces' containers and volumes", () -> {
            List<RuntimeResource> found = new ArrayList<>();
            for (ContainerSummary container : engine.listContainers(labels.instance())) {
                found.add(new RuntimeResource("instance", container.name(),
                        container.labels().getOrDefault(SpaceLabels.SPACE, ""), container.running()));
            }
            for (VolumeSummary volume : engine.listVolumes(labels.instance())) {
                if (!UserVolumes.isUserVolume(volume)) {
                    found.add(new RuntimeResource("volume", volume.name(),
                            volume.labels().getOrDefault(SpaceLabels.SPACE, ""), false));
                }
            }
            found.addAll(userVolumes.resources());
            return found;
        });
    }

    @Override
    public void removeLeftovers(Predicate<String> spaceExists) {
        try {
            for (ContainerSummary container : engine.listContainers(labels.instance())) {
                String spaceId = container.labels().get(SpaceLabels.SPACE);
                if (spaceId != null && !spaceExists.test(spaceId)) {
                    LOG.info("Removing container {} of a deleted space.", container.name());
                    engine.removeContainer(container.id(), true);
                    forgetAgent(spaceId);
                    agentFiles.forget(spaceId);
                }
            }
            for (VolumeSummary volume : engine.listVolumes(labels.instance())) {
                String spaceId = volume.labels().get(SpaceLabels.SPACE);
                if (spaceId != null && !spaceExists.test(spaceId)) {
                    LOG.info("Removing volume {} of a deleted space.", volume.name());
                    engine.removeVolume(volume.name());
                }
            }
            networks.removeUnused();
        } catch (RuntimeException error) {
            LOG.warn("Could not look for leftovers of deleted spaces: {}", error.getMessage());
        }
    }

    /** Removes every container, volume and network of this instance. For tests and benchmarks. */
    public void removeEverything() {
        engine.cleanup(labels.instance());
    }

    @Override
    public void close() {
        networks.close();
        agents.clear();
        engine.close();
    }

    private void requireRunning(String spaceId, String action) {
        if (inspect(spaceId).filter(SpaceStatus::running).isEmpty()) {
            throw new WrongStateException("Cannot " + action + " the space: it does not run.");
        }
    }

    private void forgetAgent(String spaceId) {
        agents.remove(spaceId);
    }

    private void removeContainer(String name) {
        if (engine.inspectContainer(name).isPresent()) {
            engine.removeContainer(name, true);
        }
    }

    /** Creates the template's volumes and deletes (with their data) those the template dropped. */
    private void syncVolumes(SpaceSpec spec) {
        Set<String> wanted = spec.volumes().keySet();
        for (VolumeSummary volume : engine.listVolumes(labels.spaceOnly(spec.spaceId()))) {
            String logicalName = volume.labels().getOrDefault(SpaceLabels.VOLUME, "");
            if (!wanted.contains(logicalName)) {
                engine.removeVolume(volume.name());
            }
        }
        for (String name : wanted) {
            Map<String, String> volumeLabels = new HashMap<>(labels.space(spec.spaceId(), spec.ownerId()));
            volumeLabels.put(SpaceLabels.VOLUME, name);
            engine.createVolume(labels.volumeName(spec.spaceId(), name), volumeLabels);
        }
    }

    private static Optional<InetAddress> address(String ip) {
        return ip == null || ip.isBlank() ? Optional.empty() : Optional.of(InetAddress.ofLiteral(ip));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EngineFailureException("Interrupted while waiting for the space's agent.");
        }
    }

    /** The one place where engine failures become the core's 503. */
    private static <T> T call(String action, EngineCall<T> call) {
        try {
            return call.run();
        } catch (EngineException error) {
            throw new EngineFailureException("Could not " + action + ": " + error.getMessage(), error);
        }
    }

    @FunctionalInterface
    private interface EngineCall<T> {
        T run();
    }
}
