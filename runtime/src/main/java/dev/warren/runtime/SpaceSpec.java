package dev.warren.runtime;

import dev.warren.core.model.EgressPolicy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a runtime needs to start one space, with template variables already resolved. Runtime-neutral: no
 * container, label or network word.
 *
 * @param spaceId     the space's id, stable for its whole life
 * @param ownerId     its owner's id (runtimes group and isolate by owner)
 * @param image       image reference
 * @param command     the main command; empty means the image's default
 * @param environment environment of every process in the space (template environment plus identity)
 * @param hostname    host name inside the space
 * @param workdir     working directory of the main command and the default for processes; empty: the image's
 * @param user        user of the main command and the default for processes; empty: the image's
 * @param volumes     volume name (kept per space) to the path it is mounted at
 * @param memoryBytes memory limit, 0 for none
 * @param nanoCpus    CPU limit in billionths of a CPU, 0 for none
 * @param capAdd      Linux capabilities to add
 * @param capDrop     Linux capabilities to drop
 * @param privileged  run privileged
 * @param pidsLimit   most processes (and threads) the space may have at once, 0 for none
 * @param nofile      open files limit per process, 0 for the runtime's default
 * @param egress      where the space may connect outside warren
 * @param sharedVolumes users' volumes mounted into the space (they outlive it; several spaces may mount one)
 * @param snapshot    the snapshot the space was made from, if any: its files replace those of {@code image} (whose
 *                    entrypoint, command and user still apply), and its volume copies fill the space's volumes
 *                    that do not exist yet (so only the first start takes them; later starts keep the space's own)
 */
public record SpaceSpec(String spaceId, String ownerId, String image, List<String> command,
        Map<String, String> environment, String hostname, String workdir, String user, Map<String, String> volumes,
        long memoryBytes, long nanoCpus, List<String> capAdd, List<String> capDrop, boolean privileged,
        long pidsLimit, long nofile, EgressPolicy egress, List<SharedMount> sharedVolumes,
        Optional<String> snapshot) {

    public SpaceSpec {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        hostname = hostname == null ? "" : hostname;
        workdir = workdir == null ? "" : workdir;
        user = user == null ? "" : user;
        volumes = Map.copyOf(volumes);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        egress = egress == null ? EgressPolicy.ALLOW_ALL : egress;
        sharedVolumes = sharedVolumes == null ? List.of() : List.copyOf(sharedVolumes);
        snapshot = snapshot == null ? Optional.empty() : snapshot;
    }

    /** A space made from its template's image alone (no snapshot). */
    public SpaceSpec(String spaceId, String ownerId, String image, List<String> command,
            Map<String, String> environment, String hostname, String workdir, String user,
            Map<String, String> volumes, long memoryBytes, long nanoCpus, List<String> capAdd, List<String> capDrop,
            boolean privileged, long pidsLimit, long nofile, EgressPolicy egress, List<SharedMount> sharedVolumes) {
        this(spaceId, ownerId, image, command, environment, hostname, workdir, user, volumes, memoryBytes, nanoCpus,
                capAdd, capDrop, privileged, pidsLimit, nofile, egress, sharedVolumes, Optional.empty());
    }
}
