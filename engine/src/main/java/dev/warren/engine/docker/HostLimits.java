package dev.warren.engine.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The highest rlimits a container may ask for on this host. Without CAP_SYS_RESOURCE, a container whose
 * rlimits exceed the hard limits of the engine's processes fails to start ("setrlimit: operation not
 * permitted"), so the driver always sets nofile and nproc explicitly at or below these.
 *
 * @param nofile hard limit of open files
 * @param nproc  hard limit of processes; capped at {@link #PODMAN_NPROC} because Podman lowers its own
 *               (and so conmon's and runc's) hard nproc to that value at start, measured on Podman 4.3
 */
record HostLimits(long nofile, long nproc) {
    static final long PODMAN_NPROC = 32768;
    private static final long FALLBACK_NOFILE = 1024;

    /** Reads {@code /proc/self/limits}: the server runs on the engine's host, as root, like the engine. */
    static HostLimits ofThisProcess() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException | RuntimeException e) {
            return new HostLimits(FALLBACK_NOFILE, PODMAN_NPROC);
        }
    }

    static HostLimits parse(String procLimits) {
        long nofile = FALLBACK_NOFILE;
        long nproc = PODMAN_NPROC;
        for (String line : procLimits.lines().toList()) {
            if (line.startsWith("Max open files")) {
                nofile = hardValue(line, nofile);
            } else if (line.startsWith("Max processes")) {
                nproc = Math.min(hardValue(line, nproc), PODMAN_NPROC);
            }
        }
        return new HostLimits(nofile, nproc);
    }

    /** The "Hard Limit" column; "unlimited" is taken as a large but valid value. */
    private static long hardValue(String line, long fallback) {
        String[] columns = line.substring(26).trim().split("\\s+");
        if (columns.length < 2) {
            return fallback;
        }
        return "unlimited".equals(columns[1]) ? 1L << 20 : Long.parseLong(columns[1]);
    }
}
