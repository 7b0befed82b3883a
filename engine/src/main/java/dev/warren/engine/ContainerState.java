package dev.warren.engine;

import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A container as the engine sees it now.
 *
 * @param id        the engine's id
 * @param name      the name, without the leading slash Docker adds
 * @param image     the image it was created from
 * @param status    the engine's word for the state, e.g. {@code created}, {@code running}, {@code exited}
 * @param running   whether its main process runs (paused counts as running)
 * @param hostPid   pid of its main process on the host, while running
 * @param ipAddress its address on {@code network}, or on the first network it joined; empty when it has none
 * @param exitCode  exit code of the last run, once it has stopped
 * @param labels    all its labels
 * @param oomKilled whether the kernel killed a process of it for want of memory (its memory limit) during the last
 *                  run, as the engine recorded it
 * @param memoryLimitBytes its memory limit, 0 for none
 * @param binds     its bind mounts: path inside the container → host path (named volumes left out)
 */
public record ContainerState(
        String id,
        String name,
        String image,
        String status,
        boolean running,
        OptionalLong hostPid,
        String ipAddress,
        OptionalInt exitCode,
        Map<String, String> labels,
        boolean oomKilled,
        long memoryLimitBytes,
        Map<String, String> binds) {
    public ContainerState {
        labels = Map.copyOf(labels);
        binds = binds == null ? Map.of() : Map.copyOf(binds);
    }

    /** A state without memory facts (no OOM kill, no limit known). */
    public ContainerState(String id, String name, String image, String status, boolean running, OptionalLong hostPid,
            String ipAddress, OptionalInt exitCode, Map<String, String> labels) {
        this(id, name, image, status, running, hostPid, ipAddress, exitCode, labels, false, 0, Map.of());
    }
}
