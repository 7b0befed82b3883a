package dev.warren.server.spaces;

import dev.warren.core.EngineFailureException;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.spec.TemplateSpec;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.engine.ContainerSpec;
import dev.warren.engine.ContainerState;
import dev.warren.engine.Engine;
import dev.warren.engine.EngineException;
import dev.warren.engine.VolumeSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine side of a space: one container (recreated at every start, so template updates and a new service
 * password apply), one named volume per template volume, all labelled. Every method is idempotent, so the
 * reconciler may repeat any of them after a crash. Blocking; thread-safe for different spaces.
 */
public final class SpaceRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceRuntime.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Where and how a space reaches the server and the in-space CLI. */
    public record Settings(String spaceServerUrl, String cliDir, String zone, long nofile) {}

    private final Engine engine;
    private final TemplateSpecParser parser;
    private final SpaceLabels labels;
    private final Settings settings;

    public SpaceRuntime(Engine engine, TemplateSpecParser parser, SpaceLabels labels, Settings settings) {
        this.engine = engine;
        this.parser = parser;
        this.labels = labels;
        this.settings = settings;
    }

    /**
     * Creates and starts a fresh container for the space: resolves template variables, makes sure image, network
     * and volumes exist, removes volumes the template no longer has. Returns the container id. {@code progress}
     * hears what takes time (an image pull, line by line).
     */
    public String start(Space space, Template template, User owner, Supplier<String> spaceToken,
            Consumer<String> progress) {
        TemplateSpec spec = parser.parse(template.spec(), variables(space, template, owner));
        return call("start space '" + space.name() + "'", () -> {
            if (!engine.imageExists(spec.image())) {
                progress.accept("Pulling image " + spec.image());
                engine.pullImage(spec.image(), new PullProgress(spec.image(), progress));
            }
            String network = engine.ensureNetwork(labels.networkName(), labels.instance());
            removeContainer(space.id());
            syncVolumes(space, spec);
            ContainerSpec.Builder container = ContainerSpec.builder(labels.containerName(space.id()), spec.image())
                    .command(spec.command())
                    .env(spec.environment())
                    .env(identity(space, spaceToken.get()))
                    .labels(labels.space(space.id(), space.userId()))
                    .hostname(spec.hostname().isBlank() ? space.name() : spec.hostname())
                    .memoryBytes(spec.memoryBytes())
                    .nanoCpus(spec.nanoCpus())
                    .privileged(spec.privileged())
                    .network(network, space.name())
                    .nofile(settings.nofile());
            spec.capAdd().forEach(container::capAdd);
            spec.capDrop().forEach(container::capDrop);
            spec.volumes().forEach((name, path) -> container.volume(labels.volumeName(space.id(), name), path));
            if (!settings.cliDir().isBlank()) {
                container.bind(settings.cliDir(), "/opt/warren", true);
            }
            String id = engine.createContainer(container.build());
            engine.startContainer(id);
            return id;
        });
    }

    /** Stops and removes the container; volumes stay. Succeeds when there is no container. */
    public void stop(String spaceId) {
        call("stop the space", () -> {
            String name = labels.containerName(spaceId);
            if (engine.inspectContainer(name).isPresent()) {
                engine.stopContainer(name, STOP_TIMEOUT);
                engine.removeContainer(name, true);
            }
            return null;
        });
    }

    /** Removes the container and every volume of the space: its data is gone. */
    public void destroy(String spaceId) {
        call("delete the space's container and volumes", () -> {
            removeContainer(spaceId);
            for (VolumeSummary volume : engine.listVolumes(labels.spaceOnly(spaceId))) {
                engine.removeVolume(volume.name());
            }
            return null;
        });
    }

    /** The live container of a space, if any. */
    public Optional<ContainerState> inspect(String spaceId) {
        return call("inspect the space", () -> engine.inspectContainer(labels.containerName(spaceId)));
    }

    public String containerName(String spaceId) {
        return labels.containerName(spaceId);
    }

    private void removeContainer(String spaceId) {
        String name = labels.containerName(spaceId);
        if (engine.inspectContainer(name).isPresent()) {
            engine.removeContainer(name, true);
        }
    }

    /** Creates the template's volumes and deletes (with their data) those the template dropped. */
    private void syncVolumes(Space space, TemplateSpec spec) {
        Set<String> wanted = spec.volumes().keySet();
        for (VolumeSummary volume : engine.listVolumes(labels.spaceOnly(space.id()))) {
            String logicalName = volume.labels().getOrDefault(SpaceLabels.VOLUME, "");
            if (!wanted.contains(logicalName)) {
                engine.removeVolume(volume.name());
            }
        }
        for (String name : wanted) {
            Map<String, String> volumeLabels = new HashMap<>(labels.space(space.id(), space.userId()));
            volumeLabels.put(SpaceLabels.VOLUME, name);
            engine.createVolume(labels.volumeName(space.id(), name), volumeLabels);
        }
    }

    private Map<String, String> identity(Space space, String token) {
        Map<String, String> env = new HashMap<>();
        env.put("WARREN_SPACE_ID", space.id());
        env.put("WARREN_SPACE_NAME", space.name());
        env.put("WARREN_ZONE", settings.zone());
        env.put("WARREN_SERVER", settings.spaceServerUrl());
        env.put("WARREN_TOKEN", token);
        if (!settings.cliDir().isBlank()) {
            env.put("PATH", "/opt/warren/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }
        return env;
    }

    static Map<String, String> variables(Space space, Template template, User owner) {
        Map<String, String> values = new HashMap<>();
        values.put("user.service_password", owner.servicePassword());
        values.put("user.username", owner.username());
        values.put("user.email", owner.email());
        values.put("user.id", owner.id());
        values.put("user.timezone", owner.timezone());
        values.put("space.name", space.name());
        values.put("space.id", space.id());
        values.put("template.name", template.name());
        values.put("template.id", template.id());
        space.customFields().forEach((name, value) -> values.put("custom." + name, value));
        return values;
    }

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

    /** The command list of a space's shell, falling back to sh when the image lacks it. */
    static List<String> shellCommand(String shell) {
        return List.of("/bin/sh", "-c", "if command -v " + shell + " >/dev/null 2>&1; then exec " + shell
                + " -l; else exec sh -l; fi");
    }
}
