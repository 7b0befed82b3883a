package dev.warren.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.warren.engine.ContainerSpec;
import dev.warren.engine.ContainerState;
import dev.warren.engine.ContainerSummary;
import dev.warren.engine.Engine;
import dev.warren.engine.ImageConfig;
import dev.warren.engine.ImageSummary;
import dev.warren.engine.NotFoundException;
import dev.warren.engine.EngineInfo;
import dev.warren.engine.EngineKind;
import dev.warren.engine.ExecRequest;
import dev.warren.engine.ExecResult;
import dev.warren.engine.InteractiveExec;
import dev.warren.engine.Labels;
import dev.warren.engine.NetworkSummary;
import dev.warren.engine.EngineException;
import dev.warren.engine.VolumeSummary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** The {@link Engine} over the Docker Engine API, for Docker and Podman alike. Thread-safe: docker-java is. */
final class DockerEngine implements Engine {
    private final String host;
    private final DockerClient client;
    private final DockerExec exec;
    private final DockerFiles files;
    private final DockerContainers containers;
    private final DockerImages images;

    DockerEngine(String host, DockerClient client, HostLimits limits) {
        this.host = host;
        this.client = client;
        this.exec = new DockerExec(client, new ProcessKiller());
        this.files = new DockerFiles(client, exec);
        this.containers = new DockerContainers(client, limits);
        this.images = new DockerImages(client);
    }

    @Override
    public EngineInfo info() {
        var version = Failures.call("Asking the engine at " + host + " for its version", () -> client.versionCmd().exec());
        boolean podman = version.getComponents() != null && version.getComponents().stream()
                .anyMatch(c -> c.getName() != null && c.getName().toLowerCase().contains("podman"));
        return new EngineInfo(podman ? EngineKind.PODMAN : EngineKind.DOCKER,
                String.valueOf(version.getVersion()), String.valueOf(version.getApiVersion()), host);
    }

    @Override
    public boolean imageExists(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw Failures.translate("Looking up image " + image, e);
        }
    }

    @Override
    public ImageConfig imageConfig(String image) {
        try {
            var config = client.inspectImageCmd(image).exec().getConfig();
            if (config == null) {
                return new ImageConfig(List.of(), List.of(), "", "");
            }
            return new ImageConfig(listOf(config.getEntrypoint()), listOf(config.getCmd()), config.getUser(),
                    config.getWorkingDir());
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new NotFoundException("There is no image " + image + " on the engine.", e);
        } catch (RuntimeException e) {
            throw Failures.translate("Looking up image " + image, e);
        }
    }

    @Override
    public String commit(String container, String repository, String tag, Map<String, String> labels,
            boolean pause) {
        return images.commit(container, repository, tag, labels, pause);
    }

    @Override
    public void removeImage(String image) {
        images.remove(image);
    }

    @Override
    public List<ImageSummary> listImages(Map<String, String> labels) {
        return images.list(labels);
    }

    private static List<String> listOf(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    @Override
    public void pauseContainer(String container) {
        try {
            client.pauseContainerCmd(container).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new NotFoundException("There is no container " + container + ".", e);
        } catch (com.github.dockerjava.api.exception.ConflictException alreadyPaused) {
            // idempotent: a paused container stays paused
        } catch (RuntimeException e) {
            throw Failures.translate("Pausing container " + container, e);
        }
    }

    @Override
    public void resumeContainer(String container) {
        try {
            client.unpauseContainerCmd(container).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new NotFoundException("There is no container " + container + ".", e);
        } catch (com.github.dockerjava.api.exception.ConflictException notPaused) {
            // idempotent: resuming a running container succeeds
        } catch (RuntimeException e) {
            throw Failures.translate("Resuming container " + container, e);
        }
    }

    @Override
    public void pullImage(String image, Consumer<String> progress) {
        Failures.run("Pulling image " + image, () -> {
            try {
                client.pullImageCmd(image).exec(new PullImageResultCallback() {
                    @Override
                    public void onNext(PullResponseItem item) {
                        super.onNext(item);
                        if (item.getStatus() != null) {
                            progress.accept(item.getId() == null ? item.getStatus() : item.getId() + ": " + item.getStatus());
                        }
                    }
                }).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("Pulling image " + image + " was interrupted.", e);
            }
        });
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        try {
            client.createVolumeCmd().withName(name).withLabels(Labels.managed(labels)).exec();
        } catch (ConflictException e) {
            // Some engines refuse an existing name instead of returning it; either way the volume exists.
            Failures.run("Inspecting volume " + name, () -> client.inspectVolumeCmd(name).exec());
        } catch (RuntimeException e) {
            throw Failures.translate("Creating volume " + name, e);
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            client.removeVolumeCmd(name).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // Already gone: removal is idempotent.
        } catch (RuntimeException e) {
            throw Failures.translate("Removing volume " + name, e);
        }
    }

    @Override
    public List<VolumeSummary> listVolumes(Map<String, String> labels) {
        var response = Failures.call("Listing volumes",
                () -> client.listVolumesCmd().withFilter("label", LabelFilter.of(labels)).exec());
        if (response.getVolumes() == null) {
            return List.of();
        }
        return response.getVolumes().stream()
                .filter(v -> LabelFilter.matches(v.getLabels(), labels))
                .map(v -> new VolumeSummary(v.getName(), v.getLabels() == null ? Map.of() : v.getLabels()))
                .toList();
    }

    @Override
    public Optional<String> volumeMountpoint(String name) {
        try {
            return Optional.ofNullable(client.inspectVolumeCmd(name).exec().getMountpoint());
        } catch (com.github.dockerjava.api.exception.NotFoundException missing) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw Failures.translate("Inspecting volume " + name, e);
        }
    }

    @Override
    public String ensureNetwork(String name, Map<String, String> labels) {
        try {
            return client.inspectNetworkCmd().withNetworkId(name).exec().getId();
        } catch (com.github.dockerjava.api.exception.NotFoundException missing) {
            try {
                return client.createNetworkCmd().withName(name).withDriver("bridge")
                        .withLabels(Labels.managed(labels)).withCheckDuplicate(true).exec().getId();
            } catch (ConflictException raced) {
                // Created concurrently by another caller: the network exists, which is what was asked.
                return Failures.call("Inspecting network " + name,
                        () -> client.inspectNetworkCmd().withNetworkId(name).exec().getId());
            } catch (RuntimeException e) {
                throw Failures.translate("Creating network " + name, e);
            }
        } catch (RuntimeException e) {
            throw Failures.translate("Inspecting network " + name, e);
        }
    }

    @Override
    public void removeNetwork(String name) {
        try {
            client.removeNetworkCmd(name).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // Already gone: removal is idempotent.
        } catch (RuntimeException e) {
            throw Failures.translate("Removing network " + name, e);
        }
    }

    @Override
    public List<NetworkSummary> listNetworks(Map<String, String> labels) {
        var command = client.listNetworksCmd();
        if (!labels.isEmpty()) {
            command.withFilter("label", LabelFilter.of(labels));
        }
        return Failures.call("Listing networks", command::exec).stream()
                .filter(network -> labels.isEmpty() || LabelFilter.matches(network.getLabels(), labels))
                .map(DockerEngine::networkSummary)
                .toList();
    }

    private static NetworkSummary networkSummary(com.github.dockerjava.api.model.Network network) {
        List<String> subnets = network.getIpam() == null || network.getIpam().getConfig() == null ? List.of()
                : network.getIpam().getConfig().stream().map(config -> config.getSubnet())
                        .filter(subnet -> subnet != null && !subnet.isBlank()).toList();
        return new NetworkSummary(network.getId(), network.getName(), network.getLabels(), subnets);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        return containers.create(spec);
    }

    @Override
    public void startContainer(String container) {
        try {
            client.startContainerCmd(container).exec();
        } catch (NotModifiedException alreadyRunning) {
            // Starting a running container is a success.
        } catch (RuntimeException e) {
            throw Failures.translate("Starting container " + container, e);
        }
    }

    @Override
    public void stopContainer(String container, Duration timeout) {
        int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        try {
            client.stopContainerCmd(container).withTimeout(seconds).exec();
        } catch (NotModifiedException alreadyStopped) {
            // Stopping a stopped container is a success.
        } catch (RuntimeException e) {
            throw Failures.translate("Stopping container " + container, e);
        }
    }

    @Override
    public void removeContainer(String container, boolean force) {
        try {
            client.removeContainerCmd(container).withForce(force).withRemoveVolumes(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // Already gone: removal is idempotent.
        } catch (RuntimeException e) {
            throw Failures.translate("Removing container " + container, e);
        }
    }

    @Override
    public Optional<ContainerState> inspectContainer(String container) {
        InspectContainerResponse response;
        try {
            response = client.inspectContainerCmd(container).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw Failures.translate("Inspecting container " + container, e);
        }
        var state = response.getState();
        boolean running = Boolean.TRUE.equals(state.getRunning());
        String status = state.getStatus() == null ? "unknown" : state.getStatus();
        Long pid = state.getPidLong();
        Long exit = state.getExitCodeLong();
        boolean ended = !running && ("exited".equals(status) || "dead".equals(status) || "stopped".equals(status));
        return Optional.of(new ContainerState(
                response.getId(),
                stripSlash(response.getName()),
                response.getConfig() == null ? "" : String.valueOf(response.getConfig().getImage()),
                status,
                running,
                running && pid != null && pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty(),
                ipAddress(response),
                ended && exit != null ? OptionalInt.of(exit.intValue()) : OptionalInt.empty(),
                response.getConfig() == null || response.getConfig().getLabels() == null
                        ? Map.of() : response.getConfig().getLabels(),
                Boolean.TRUE.equals(state.getOOMKilled()),
                response.getHostConfig() == null || response.getHostConfig().getMemory() == null
                        ? 0 : response.getHostConfig().getMemory(),
                binds(response)));
    }

    /** Bind mounts (destination → source); named volumes are left out. */
    private static Map<String, String> binds(InspectContainerResponse response) {
        Map<String, String> binds = new java.util.HashMap<>();
        if (response.getMounts() != null) {
            for (var mount : response.getMounts()) {
                if (mount.getDestination() != null && mount.getSource() != null && mount.getName() == null) {
                    binds.put(mount.getDestination().getPath(), mount.getSource());
                }
            }
        }
        return binds;
    }

    @Override
    public List<ContainerSummary> listContainers(Map<String, String> labels) {
        List<Container> found = Failures.call("Listing containers", () -> client.listContainersCmd()
                .withShowAll(true).withLabelFilter(Labels.managed(labels)).exec());
        return found.stream()
                .filter(c -> LabelFilter.matches(c.getLabels(), labels))
                .map(c -> new ContainerSummary(c.getId(),
                        c.getNames() == null || c.getNames().length == 0 ? "" : stripSlash(c.getNames()[0]),
                        String.valueOf(c.getImage()), String.valueOf(c.getState()), "running".equals(c.getState()),
                        c.getLabels() == null ? Map.of() : c.getLabels()))
                .toList();
    }

    @Override
    public ExecResult exec(String container, ExecRequest request) {
        return exec.run(container, request);
    }

    @Override
    public InteractiveExec openInteractive(String container, List<String> command, Map<String, String> env,
                                           int cols, int rows) {
        return exec.openInteractive(container, command, env, cols, rows);
    }

    @Override
    public void readFile(String container, String path, OutputStream out) {
        files.read(container, path, out);
    }

    @Override
    public void writeFile(String container, String path, InputStream content, long size, int mode) {
        files.write(container, path, content, size, mode);
    }

    @Override
    public void cleanup(Map<String, String> labels) {
        new Cleanup(this).run(labels);
    }

    /** Networks carrying all labels and the managed one; used by {@link Cleanup}. */
    List<String> listNetworkNames(Map<String, String> labels) {
        return Failures.call("Listing networks",
                () -> client.listNetworksCmd().withFilter("label", LabelFilter.of(labels)).exec()).stream()
                .filter(n -> LabelFilter.matches(n.getLabels(), labels))
                .map(n -> n.getName())
                .toList();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // Nothing to do: the connection pool is going away either way.
        }
    }

    @Override
    public String toString() {
        return "DockerEngine[" + host + "]";
    }

    private static String ipAddress(InspectContainerResponse response) {
        if (response.getNetworkSettings() == null || response.getNetworkSettings().getNetworks() == null) {
            return "";
        }
        return response.getNetworkSettings().getNetworks().values().stream()
                .map(ContainerNetwork::getIpAddress)
                .filter(ip -> ip != null && !ip.isBlank())
                .findFirst().orElse("");
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : String.valueOf(name);
    }
}
