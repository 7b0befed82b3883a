package dev.warren.server;

import dev.warren.core.spec.ResourceLimits;
import dev.warren.core.spec.SpecException;
import dev.warren.core.spec.SpecValues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * The settings of space limits: what a space gets when its template sets nothing ({@code WARREN_DEFAULT_MEMORY},
 * {@code _CPUS}, {@code _PIDS}, {@code _NOFILE}) and the most a template may ask for ({@code WARREN_MAX_…}). "0"
 * means none. A built-in default above a maximum is lowered to it; a configured one is refused with a sentence.
 *
 * <p>Why these defaults: 1024 processes is far more than a development space runs and stops a fork bomb within
 * milliseconds; 2 GiB of memory fits a JVM or a language server with room, and an OOM kill inside one space is far
 * better than the host's OOM killer choosing among everybody's processes; 2 CPUs keep one busy space from taking
 * every core of a small host (the kernel still shares CPU fairly among spaces under contention); 8192 open files
 * suit file watchers and build tools. The maxima default to the host's memory and CPUs (a limit above them means
 * nothing), 32768 processes (Podman's own ceiling on these hosts) and 65536 open files (the engine further caps open
 * files at the host's hard limit).
 */
final class SpaceLimitSettings {
    static final String DEFAULT_MEMORY = "2g";
    static final String DEFAULT_CPUS = "2";
    static final String DEFAULT_PIDS = "1024";
    static final String DEFAULT_NOFILE = "8192";

    private SpaceLimitSettings() {}

    static ResourceLimits maxima(BiFunction<String, String, String> settings) {
        return new ResourceLimits(
                memory(settings, "WARREN_MAX_MEMORY", String.valueOf(hostMemoryBytes())),
                cpus(settings, "WARREN_MAX_CPUS", String.valueOf(Runtime.getRuntime().availableProcessors())),
                whole(settings, "WARREN_MAX_PIDS", "32768"),
                whole(settings, "WARREN_MAX_NOFILE", "65536"));
    }

    static ResourceLimits defaults(BiFunction<String, String, String> settings) {
        ResourceLimits maximum = maxima(settings);
        ResourceLimits configured = new ResourceLimits(
                memory(settings, "WARREN_DEFAULT_MEMORY", DEFAULT_MEMORY),
                cpus(settings, "WARREN_DEFAULT_CPUS", DEFAULT_CPUS),
                whole(settings, "WARREN_DEFAULT_PIDS", DEFAULT_PIDS),
                whole(settings, "WARREN_DEFAULT_NOFILE", DEFAULT_NOFILE));
        refuseAbove(settings, "WARREN_DEFAULT_MEMORY", configured.memoryBytes(), maximum.memoryBytes());
        refuseAbove(settings, "WARREN_DEFAULT_CPUS", configured.nanoCpus(), maximum.nanoCpus());
        refuseAbove(settings, "WARREN_DEFAULT_PIDS", configured.pids(), maximum.pids());
        refuseAbove(settings, "WARREN_DEFAULT_NOFILE", configured.nofile(), maximum.nofile());
        return configured.atMost(maximum);
    }

    private static void refuseAbove(BiFunction<String, String, String> settings, String name, long value, long max) {
        boolean configured = settings.apply(name, null) != null;
        if (configured && max > 0 && (value == 0 || value > max)) {
            String maxName = name.replace("DEFAULT", "MAX");
            throw new IllegalArgumentException("The setting " + name + " is above " + maxName + ": raise " + maxName
                    + " or lower " + name + ".");
        }
    }

    private static long memory(BiFunction<String, String, String> settings, String name, String fallback) {
        String value = settings.apply(name, fallback);
        if ("0".equals(value)) {
            return 0;
        }
        try {
            long bytes = SpecValues.bytes(value, "setting " + name);
            if (bytes < SpecValues.MIN_MEMORY) {
                throw new IllegalArgumentException("The setting " + name + " must be at least 6m, or 0 for none.");
            }
            return bytes;
        } catch (SpecException invalid) {
            throw new IllegalArgumentException(invalid.getMessage());
        }
    }

    private static long cpus(BiFunction<String, String, String> settings, String name, String fallback) {
        String value = settings.apply(name, fallback);
        if ("0".equals(value)) {
            return 0;
        }
        try {
            return SpecValues.nanoCpus(value, "setting " + name);
        } catch (SpecException invalid) {
            throw new IllegalArgumentException(invalid.getMessage());
        }
    }

    private static long whole(BiFunction<String, String, String> settings, String name, String fallback) {
        String value = settings.apply(name, fallback);
        try {
            long number = Long.parseLong(value);
            if (number < 0 || number > 4_194_304) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException invalid) {
            throw new IllegalArgumentException("The setting " + name + " must be a whole number from 0 (none) to"
                    + " 4194304, not '" + value + "'.");
        }
    }

    /** MemTotal of this host, or 0 (no maximum) when it cannot be read. */
    static long hostMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // no maximum rather than a wrong one
        }
        return 0;
    }
}
