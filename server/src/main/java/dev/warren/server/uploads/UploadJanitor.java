package dev.warren.server.uploads;

import dev.warren.store.UploadStore;
import dev.warren.store.UploadStore.State;
import dev.warren.store.UploadStore.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps the uploads table and the uploads directory in agreement. At start ({@link #reconcile}): an unfinished
 * upload whose file is gone fails with a sentence; one whose file holds bytes written but never counted (a crash
 * mid-PATCH) is cut back to its counted offset; a file no unfinished upload owns is deleted. Then periodically
 * ({@link #sweep}): an unfinished upload untouched for the expiry is expired and its file deleted; a finished row
 * untouched for another expiry is forgotten. Never throws (a failure is logged and tried again next time).
 */
public final class UploadJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(UploadJanitor.class);

    private final UploadStore store;
    private final UploadDisk disk;
    private final UploadService uploads;
    private final Clock clock;

    UploadJanitor(UploadStore store, UploadDisk disk, UploadService uploads, Clock clock) {
        this.store = store;
        this.disk = disk;
        this.uploads = uploads;
        this.clock = clock;
    }

    /** Run once at start, before the routes serve. */
    public void reconcile() {
        try {
            disk.prepare();
            Set<String> files = new HashSet<>(disk.names());
            for (Upload upload : store.listAll()) {
                boolean hasFile = files.remove(upload.id());
                if (upload.state() != State.UPLOADING) {
                    if (hasFile) {
                        disk.delete(upload.id());
                    }
                    continue;
                }
                long size = hasFile ? disk.size(upload.id()) : -1;
                if (size < 0) {
                    store.saveOutcome(upload.id(), State.FAILED, "The bytes of this upload were lost from the"
                            + " server's disk; start a new upload.", null, clock.instant());
                    LOG.warn("Upload {} lost its file; marked failed.", upload.id());
                } else if (size > upload.received()) {
                    disk.truncate(upload.id(), upload.received()); // written but never counted before a crash
                } else if (size < upload.received()) {
                    store.saveProgress(upload.id(), size, upload.updatedAt()); // the disk is the truth
                }
            }
            for (String orphan : files) {
                disk.deleteName(orphan);
                LOG.info("Deleted {} from the uploads directory: no unfinished upload owns it.", orphan);
            }
        } catch (RuntimeException error) {
            LOG.warn("Could not reconcile uploads with the disk: {}", error.getMessage());
        }
    }

    /** Run periodically: expires stale uploads (freeing their disk) and forgets old finished ones. */
    public void sweep() {
        try {
            for (Upload upload : store.listAll()) {
                if (upload.state() == State.UPLOADING) {
                    uploads.expireIfStale(upload);
                } else if (clock.instant().isAfter(uploads.expiresAt(upload)) && uploads.claim(upload.id())) {
                    try {
                        store.delete(upload.id());
                        disk.delete(upload.id());
                    } finally {
                        uploads.release(upload.id());
                    }
                }
            }
        } catch (RuntimeException error) {
            LOG.warn("Could not sweep expired uploads: {}", error.getMessage());
        }
    }
}
