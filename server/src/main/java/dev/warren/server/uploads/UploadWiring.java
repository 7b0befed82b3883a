package dev.warren.server.uploads;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceIo;
import dev.warren.store.UploadStore;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The uploads part of the server, built in one call for the wiring: the service, and the janitor that has already
 * reconciled the table with the disk and is to sweep every {@link #sweepEvery()}.
 */
public record UploadWiring(UploadService service, UploadJanitor janitor) {

    /**
     * @param dataDir the server's data directory; unfinished uploads live in its {@code uploads} directory
     */
    public static UploadWiring start(Jdbi jdbi, Path dataDir, Duration expiry, long maxBytes, long quotaBytes, SpaceIo io,
            SpaceAccess access, Clock clock, ObjectMapper json) {
        UploadStore store = new UploadStore(jdbi);
        UploadDisk disk = new UploadDisk(dataDir.toAbsolutePath().normalize().resolve("uploads"));
        UploadService service = new UploadService(store, disk, new SpaceUploadTarget(io), access,
                new UploadSettings(disk.directory(), expiry, maxBytes, quotaBytes), clock, json);
        UploadJanitor janitor = new UploadJanitor(store, disk, service, clock);
        janitor.reconcile();
        return new UploadWiring(service, janitor);
    }

    /** How often to sweep: a quarter of the expiry, at least every second and at most every 10 minutes. */
    public Duration sweepEvery() {
        Duration quarter = service.settings().expiry().dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : quarter.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : quarter;
    }
}
