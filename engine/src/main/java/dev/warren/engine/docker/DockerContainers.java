package dev.warren.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import dev.warren.engine.ContainerSpec;
import dev.warren.engine.EngineException;
import dev.warren.engine.NotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Translates a {@link ContainerSpec} into the engine's create call. */
final class DockerContainers {
    private final DockerClient client;
    private final HostLimits limits;

    DockerContainers(DockerClient client, HostLimits limits) {
        this.client = client;
        this.limits = limits;
    }

    String create(ContainerSpec spec) {
        var command = client.createContainerCmd(spec.image())
                .withName(spec.name())
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(spec.labels())
                .withHostConfig(hostConfig(spec));
        if (!spec.entrypoint().isEmpty()) {
            command.withEntrypoint(spec.entrypoint());
        }
        if (!spec.command().isEmpty()) {
            command.withCmd(spec.command());
        }
        if (spec.user() != null && !spec.user().isBlank()) {
            command.withUser(spec.user());
        }
        if (spec.workdir() != null && !spec.workdir().isBlank()) {
            command.withWorkingDir(spec.workdir());
        }
        if (spec.hostname() != null) {
            command.withHostName(spec.hostname());
        }
        if (spec.network() != null && !spec.networkAliases().isEmpty()) {
            command.withAliases(spec.networkAliases());
        }
        try {
            return command.exec().getId();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new NotFoundException("Creating container " + spec.name() + " failed because image "
                    + spec.image() + " or network " + spec.network() + " is missing: " + Failures.engineMessage(e) + ".", e);
        } catch (ConflictException e) {
            throw new EngineException("Creating container " + spec.name()
                    + " failed because the name is taken: " + Failures.engineMessage(e) + ".", e);
        } catch (RuntimeException e) {
            throw Failures.translate("Creating container " + spec.name(), e);
        }
    }

    private HostConfig hostConfig(ContainerSpec spec) {
        var binds = new ArrayList<Bind>();
        spec.volumes().forEach(v -> binds.add(new Bind(v.volume(), new Volume(v.path()))));
        spec.binds().forEach(b -> binds.add(new Bind(b.hostPath(), new Volume(b.path()),
                b.readOnly() ? AccessMode.ro : AccessMode.rw)));
        long nofile = spec.nofile() == 0 ? limits.nofile() : Math.min(spec.nofile(), limits.nofile());
        var config = HostConfig.newHostConfig()
                .withBinds(binds)
                .withPrivileged(spec.privileged())
                .withInit(spec.init())
                // Both set explicitly: an engine default above the host's hard limit fails at start (EPERM),
                // and Podman drops its configured defaults for all rlimits once any one is given.
                .withUlimits(List.of(new Ulimit("nofile", nofile, nofile),
                        new Ulimit("nproc", limits.nproc(), limits.nproc())));
        if (spec.memoryBytes() > 0) {
            // Swap counted in the limit (memory + swap = the limit): a space cannot outgrow it by swapping.
            config.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
        }
        if (spec.nanoCpus() > 0) {
            config.withNanoCPUs(spec.nanoCpus());
        }
        if (spec.pidsLimit() > 0) {
            config.withPidsLimit(spec.pidsLimit());
        }
        if (spec.noNewPrivileges()) {
            config.withSecurityOpts(List.of("no-new-privileges"));
        }
        if (!spec.capAdd().isEmpty()) {
            config.withCapAdd(capabilities(spec.capAdd()));
        }
        if (!spec.capDrop().isEmpty()) {
            config.withCapDrop(capabilities(spec.capDrop()));
        }
        if (spec.network() != null) {
            config.withNetworkMode(spec.network());
        }
        return config;
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(name -> {
            String plain = name.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
            try {
                return Capability.valueOf(plain);
            } catch (IllegalArgumentException e) {
                throw new EngineException("There is no Linux capability called " + name + ".", e);
            }
        }).toArray(Capability[]::new);
    }
}
