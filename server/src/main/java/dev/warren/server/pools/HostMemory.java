package dev.warren.server.pools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the host has memory to spare for a space started ahead: at least a fifth of it available. */
final class HostMemory {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private HostMemory() {}

    static boolean roomy() {
        try {
            long total = 0;
            long available = -1;
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemTotal:")) {
                    total = kilobytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kilobytes(line);
                }
            }
            return total <= 0 || available < 0 || available * 5 >= total;
        } catch (IOException | NumberFormatException unreadable) {
            return true; // not Linux, or no /proc: nothing to go by
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
