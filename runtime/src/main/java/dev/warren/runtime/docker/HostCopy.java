package dev.warren.runtime.docker;

import dev.warren.engine.EngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Copies one volume's data into another on this host with {@code cp -a} (owners, modes, times, links and holes as
 * they are). The server runs as root beside the engine, so the engine's volume directories are plain directories
 * here; an engine on another host keeps them out of reach, and the copy says so instead of copying nothing.
 */
final class HostCopy {
    private static final int MAX_OUTPUT = 4096;

    private final Duration limit;

    HostCopy(Duration limit) {
        this.limit = limit;
    }

    /** Copies the content of {@code from} into {@code to} (both existing directories). Blocking. */
    void copy(String volume, String from, String to) {
        Path source = local(volume, from);
        Path target = local(volume, to);
        List<String> command = List.of("cp", "-a", "--", source + "/.", target + "/");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readNBytes(MAX_OUTPUT);
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new EngineException("Copying the data of volume " + volume + " took longer than "
                        + limit.toSeconds() + " s and was stopped.");
            }
            if (process.exitValue() != 0) {
                throw new EngineException("Copying the data of volume " + volume + " failed: "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new EngineException("Copying the data of volume " + volume + " could not start: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Copying the data of volume " + volume + " was interrupted.", e);
        }
    }

    private static Path local(String volume, String mountpoint) {
        Path path = Path.of(mountpoint);
        if (!Files.isDirectory(path)) {
            throw new EngineException("The engine keeps volume " + volume + " at " + mountpoint + ", which is not a"
                    + " directory on this server's host: snapshots copy volumes on the host, so the server must run"
                    + " beside the engine (as root).");
        }
        return path;
    }
}
