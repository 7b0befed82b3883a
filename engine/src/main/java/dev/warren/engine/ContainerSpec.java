package dev.warren.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to create one container. Build with {@link #builder(String, String)}.
 *
 * @param name           container name, unique on the engine
 * @param image          image reference, e.g. {@code warren-base:latest}
 * @param entrypoint     entrypoint replacing the image's; empty means the image's own
 * @param command        command to run; empty means the image's default
 * @param user           user to run as ({@code name}, {@code uid} or {@code uid:gid}); {@code null} for the image's
 * @param workdir        working directory; {@code null} for the image's
 * @param env            environment variables
 * @param labels         caller labels; {@link Labels#MANAGED} is always added
 * @param hostname       hostname inside the container, or {@code null} for the engine's default
 * @param volumes        named volumes to mount
 * @param binds          host paths to mount
 * @param memoryBytes    memory limit in bytes; 0 means unlimited
 * @param nanoCpus       CPU limit in billionths of a CPU; 0 means unlimited
 * @param capAdd         capabilities to add, e.g. {@code NET_ADMIN}
 * @param capDrop        capabilities to drop
 * @param privileged     run privileged
 * @param network        network to join, or {@code null} for the engine's default
 * @param networkAliases names other containers on {@code network} can use to reach this one
 * @param nofile         open files limit; 0 means the host's hard limit. Always capped at the host's hard limit,
 *                       because a container asking for more fails to start where CAP_SYS_RESOURCE is missing.
 * @param init           run a tiny init as process 1 (the engine's docker-init or catatonit) so that signals
 *                       stop the container at once and orphans of killed execs are reaped; default true
 * @param pidsLimit      most processes (and threads) the container may have at once; 0 means unlimited
 * @param noNewPrivileges no process in the container can gain privileges through exec (setuid and setgid bits and
 *                       file capabilities are ignored), the {@code no-new-privileges} security option
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> entrypoint,
        List<String> command,
        String user,
        String workdir,
        Map<String, String> env,
        Map<String, String> labels,
        String hostname,
        List<VolumeMount> volumes,
        List<BindMount> binds,
        long memoryBytes,
        long nanoCpus,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        String network,
        List<String> networkAliases,
        long nofile,
        boolean init,
        long pidsLimit,
        boolean noNewPrivileges) {

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
        env = Map.copyOf(env);
        labels = Labels.managed(labels);
        volumes = List.copyOf(volumes);
        binds = List.copyOf(binds);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        networkAliases = List.copyOf(networkAliases);
        if (memoryBytes < 0 || nanoCpus < 0 || nofile < 0 || pidsLimit < 0) {
            throw new IllegalArgumentException("Memory, CPU, open file and process limits cannot be negative.");
        }
    }

    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    /** Mutable, single-threaded builder; each setter returns the builder. */
    public static final class Builder {
        private final String name;
        private final String image;
        private List<String> entrypoint = List.of();
        private List<String> command = List.of();
        private String user;
        private String workdir;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String hostname;
        private final List<VolumeMount> volumes = new ArrayList<>();
        private final List<BindMount> binds = new ArrayList<>();
        private long memoryBytes;
        private long nanoCpus;
        private final List<String> capAdd = new ArrayList<>();
        private final List<String> capDrop = new ArrayList<>();
        private boolean privileged;
        private String network;
        private final List<String> networkAliases = new ArrayList<>();
        private long nofile;
        private boolean init = true;
        private long pidsLimit;
        private boolean noNewPrivileges;

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        public Builder entrypoint(List<String> entrypoint) { this.entrypoint = List.copyOf(entrypoint); return this; }
        public Builder user(String user) { this.user = user; return this; }
        public Builder workdir(String workdir) { this.workdir = workdir; return this; }
        public Builder command(List<String> command) { this.command = List.copyOf(command); return this; }
        public Builder command(String... command) { return command(List.of(command)); }
        public Builder env(Map<String, String> env) { this.env.putAll(env); return this; }
        public Builder env(String key, String value) { env.put(key, value); return this; }
        public Builder labels(Map<String, String> labels) { this.labels.putAll(labels); return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        public Builder hostname(String hostname) { this.hostname = hostname; return this; }
        public Builder volume(String volume, String path) { volumes.add(new VolumeMount(volume, path)); return this; }
        public Builder bind(String hostPath, String path, boolean readOnly) {
            binds.add(new BindMount(hostPath, path, readOnly));
            return this;
        }
        public Builder memoryBytes(long memoryBytes) { this.memoryBytes = memoryBytes; return this; }
        public Builder nanoCpus(long nanoCpus) { this.nanoCpus = nanoCpus; return this; }
        public Builder capAdd(String capability) { capAdd.add(capability); return this; }
        public Builder capDrop(String capability) { capDrop.add(capability); return this; }
        public Builder privileged(boolean privileged) { this.privileged = privileged; return this; }
        public Builder network(String network, String... aliases) {
            this.network = network;
            networkAliases.addAll(List.of(aliases));
            return this;
        }
        public Builder nofile(long nofile) { this.nofile = nofile; return this; }
        public Builder init(boolean init) { this.init = init; return this; }
        public Builder pidsLimit(long pidsLimit) { this.pidsLimit = pidsLimit; return this; }
        public Builder noNewPrivileges(boolean noNewPrivileges) { this.noNewPrivileges = noNewPrivileges; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(name, image, entrypoint, command, user, workdir, env, labels, hostname, volumes, binds, memoryBytes,
                    nanoCpus, capAdd, capDrop, privileged, network, networkAliases, nofile, init, pidsLimit,
                    noNewPrivileges);
        }
    }
}
