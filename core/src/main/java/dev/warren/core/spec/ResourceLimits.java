package dev.warren.core.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Resource limits of a space: memory in bytes, CPU in billionths of a CPU, processes (and threads) at once, and open
 * files per process. In a template 0 means "not set" (the server's default applies); in a maximum 0 means "no
 * maximum"; in what a space gets 0 means "none".
 */
public record ResourceLimits(long memoryBytes, long nanoCpus, long pids, long nofile) {
    public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0, 0);

    public ResourceLimits {
        if (memoryBytes < 0 || nanoCpus < 0 || pids < 0 || nofile < 0) {
            throw new IllegalArgumentException("Resource limits cannot be negative.");
        }
    }

    /** These limits, each one not set taken from {@code defaults}. */
    public ResourceLimits orElse(ResourceLimits defaults) {
        return new ResourceLimits(memoryBytes > 0 ? memoryBytes : defaults.memoryBytes,
                nanoCpus > 0 ? nanoCpus : defaults.nanoCpus, pids > 0 ? pids : defaults.pids,
                nofile > 0 ? nofile : defaults.nofile);
    }

    /** Each limit no higher than {@code maximum}'s (where it has one). */
    public ResourceLimits atMost(ResourceLimits maximum) {
        return new ResourceLimits(min(memoryBytes, maximum.memoryBytes), min(nanoCpus, maximum.nanoCpus),
                min(pids, maximum.pids), min(nofile, maximum.nofile));
    }

    /** A sentence for each limit set here above {@code maximum}'s, naming the template key; empty when none is. */
    public List<String> exceeding(ResourceLimits maximum) {
        List<String> problems = new ArrayList<>();
        if (above(memoryBytes, maximum.memoryBytes)) {
            problems.add("The spec key 'memory' asks for " + SpecValues.describeBytes(memoryBytes)
                    + ", more than this server's maximum of " + SpecValues.describeBytes(maximum.memoryBytes)
                    + " (WARREN_MAX_MEMORY).");
        }
        if (above(nanoCpus, maximum.nanoCpus)) {
            problems.add("The spec key 'cpus' asks for " + SpecValues.describeCpus(nanoCpus)
                    + " CPUs, more than this server's maximum of " + SpecValues.describeCpus(maximum.nanoCpus)
                    + " (WARREN_MAX_CPUS).");
        }
        if (above(pids, maximum.pids)) {
            problems.add("The spec key 'pids' asks for " + pids + " processes, more than this server's maximum of "
                    + maximum.pids + " (WARREN_MAX_PIDS).");
        }
        if (above(nofile, maximum.nofile)) {
            problems.add("The spec key 'nofile' asks for " + nofile + " open files, more than this server's maximum"
                    + " of " + maximum.nofile + " (WARREN_MAX_NOFILE).");
        }
        return problems;
    }

    private static boolean above(long value, long maximum) {
        return maximum > 0 && value > maximum;
    }

    private static long min(long value, long maximum) {
        return maximum > 0 && (value == 0 || value > maximum) ? maximum : value;
    }
}
