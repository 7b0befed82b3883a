package dev.warren.server.uploads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Uploads;
import dev.warren.client.wire.Uploads.UploadInfo;
import dev.warren.client.wire.Uploads.UploadOutcome;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.WarrenException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.Space;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.store.UploadStore;
import dev.warren.store.UploadStore.State;
import dev.warren.store.UploadStore.Upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of resumable uploads (tus 1.0): create, append, complete, inspect, terminate. An upload belongs to the
 * user who created it (anyone else gets 404, as for a missing one) and to a space that user could use then and must
 * still be able to use at each step. Bytes are appended by one PATCH at a time; the last byte triggers the SHA-256
 * check and the write into the space. Thread-safe, blocking.
 */
public final class UploadService {
    private final UploadStore store;
    private final UploadDisk disk;
    private final UploadTarget target;
    private final SpaceAccess access;
    private final UploadSettings settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** Creations are serialised so two at once cannot both fit under the quota. */
    private final Object creating = new Object();

    UploadService(UploadStore store, UploadDisk disk, UploadTarget target, SpaceAccess access,
            UploadSettings settings, Clock clock, ObjectMapper json) {
        this.store = store;
        this.disk = disk;
        this.target = target;
        this.access = access;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
    }

    public UploadSettings settings() {
        return settings;
    }

    /**
     * Creates an upload after checking everything: the headers, the limits, and that the caller may use the running
     * space. Nothing is created when any check fails. An upload of length 0 completes at once.
     */
    public UploadInfo create(Caller caller, String space, String lengthHeader, String metadataHeader) {
        UploadRequest request = UploadRequest.parse(lengthHeader, metadataHeader);
        if (request.length() > settings.maxBytes()) {
            throw new UploadRefusedException(413, "Upload-Length", "The upload is " + request.length()
                    + " bytes; this server accepts at most " + settings.maxBytes() + " bytes in one upload"
                    + " (WARREN_UPLOAD_MAX_BYTES).");
        }
        Space visible = access.visible(caller, space);
        SpaceLifecycle.requireRunning(visible, "upload to");
        Instant now = clock.instant();
        Upload upload;
        synchronized (creating) {
            long reserved = store.unfinishedBytes(caller.userId());
            if (reserved + request.length() > settings.quotaBytes()) {
                throw new UploadRefusedException(413, "Upload-Length", "Your unfinished uploads already reserve "
                        + reserved + " bytes and this one needs " + request.length() + " more, over the "
                        + settings.quotaBytes() + " bytes one user may hold (WARREN_UPLOAD_QUOTA_BYTES); finish or"
                        + " delete some first.");
            }
            upload = new Upload(HexFormat.of().formatHex(randomBytes()), caller.userId(), visible.id(),
                    request.path(), request.kind(), request.conflict(), request.mode(), request.length(), 0,
                    request.sha256(), State.UPLOADING, null, null, now, now);
            disk.create(upload.id());
            try {
                store.insert(upload);
            } catch (RuntimeException failed) {
                disk.delete(upload.id());
                throw failed;
            }
        }
        if (upload.length() == 0) {
            busy.add(upload.id());
            try {
                return info(complete(caller, upload));
            } finally {
                busy.remove(upload.id());
            }
        }
        return info(upload);
    }

    /** The caller's upload; an expired one reads as expired even before the sweep got to it. */
    public UploadInfo get(Caller caller, String id) {
        return info(expireIfStale(owned(caller, id)));
    }

    /** The caller's uploads, newest first (a space token sees those of its space only). */
    public List<UploadInfo> list(Caller caller) {
        return store.listForUser(caller.userId()).stream()
                .filter(upload -> !caller.isSpaceToken() || upload.spaceId().equals(caller.spaceId()))
                .map(this::expireIfStale).map(this::info).toList();
    }

    /** The headers of one PATCH, as sent. */
    public record Patch(String offsetHeader, String contentType, long contentLength, String checksumHeader) {}

    /** The upload after a PATCH; {@code broken} when the client's connection broke before its body ended. */
    public record Patched(UploadInfo upload, boolean broken) {}

    /**
     * Appends a PATCH body. Refused, with nothing appended: a wrong content type (415), a missing or malformed
     * offset (400), an offset other than the server's (409), a body longer than what is left (400), a failed
     * per-request checksum (460), another PATCH in progress (409), an expired upload (410), a finished one (423).
     * A broken connection keeps what arrived. The last byte completes the upload (see {@link #complete}); an empty
     * PATCH at the full length retries a completion that did not go through.
     */
    public Patched append(Caller caller, String id, Patch patch, InputStream body) {
        Upload upload = owned(caller, id);
        requireUploading(expireIfStale(upload));
        if (patch.contentType() == null
                || !patch.contentType().strip().toLowerCase().startsWith("application/offset+octet-stream")) {
            throw new UploadRefusedException(415, "Content-Type", "A PATCH must have the Content-Type"
                    + " application/offset+octet-stream, not '" + patch.contentType() + "'.");
        }
        long offset = offset(patch.offsetHeader());
        UploadDisk.Checksum checksum = TusChecksum.parse(patch.checksumHeader());
        if (!busy.add(id)) {
            throw new ConflictException("Another PATCH is sending bytes to upload " + id + " right now; wait until it"
                    + " ends, then resume from the offset HEAD reports.");
        }
        try {
            upload = requireUploading(owned(caller, id));
            if (offset != upload.received()) {
                throw new ConflictException("The header Upload-Offset is " + offset + " but the server holds "
                        + upload.received() + " bytes of upload " + id + "; resume from " + upload.received() + ".");
            }
            long left = upload.length() - offset;
            if (patch.contentLength() > left) {
                throw tooLong(upload, patch.contentLength());
            }
            access.visible(caller, upload.spaceId()); // access lost since creation: 404, nothing appended
            UploadDisk.Appended appended = disk.append(id, offset, body, left, checksum,
                    durable -> store.saveProgress(id, durable, clock.instant()));
            switch (appended.ending()) {
                case TOO_LONG -> throw tooLong(upload, -1);
                case CHECKSUM_MISMATCH -> throw UploadRefusedException.checksum("The body's checksum (Upload-Checksum)"
                        + " differs from the bytes that arrived; nothing of this PATCH was kept, resend it.");
                default -> { }
            }
            long received = offset + appended.written();
            store.saveProgress(id, received, clock.instant());
            upload = upload.withProgress(received, clock.instant());
            if (appended.ending() == UploadDisk.Ending.BROKEN) {
                return new Patched(info(upload), true);
            }
            if (received == upload.length()) {
                upload = complete(caller, upload);
            }
            return new Patched(info(upload), false);
        } finally {
            busy.remove(id);
        }
    }

    /** Terminates the upload (tus termination): its bytes and its row are deleted. Refused while a PATCH runs. */
    public void terminate(Caller caller, String id) {
        Upload upload = owned(caller, id);
        if (!busy.add(id)) {
            throw new ConflictException("A PATCH is sending bytes to upload " + id + " right now; delete it once"
                    + " that ends.");
        }
        try {
            store.delete(upload.id());
            disk.delete(upload.id());
        } finally {
            busy.remove(id);
        }
    }

    /** Whether a PATCH holds the upload now (the sweep leaves such uploads alone). */
    boolean isBusy(String id) {
        return busy.contains(id);
    }

    /** Marks the upload busy for the sweep; false when a PATCH holds it. */
    boolean claim(String id) {
        return busy.add(id);
    }

    void release(String id) {
        busy.remove(id);
    }

    /**
     * Verifies the SHA-256 of the whole upload, then writes it into the space. A mismatch fails the upload and frees
     * its bytes, writing nothing (460). A write the space refuses as invalid (a bad archive, a path that is a
     * directory) fails it too. Any other failure (the space stopped, a conflict policy, the engine) keeps the bytes
     * and the upload at its full offset with the sentence in {@code error}: an empty PATCH retries.
     */
    private Upload complete(Caller caller, Upload upload) {
        String actual = disk.sha256(upload.id());
        if (!actual.equals(upload.sha256())) {
            String sentence = "The upload's SHA-256 is " + actual + " but the metadata 'sha256' said "
                    + upload.sha256() + "; nothing was written to " + upload.targetPath() + " and the bytes were"
                    + " deleted.";
            finish(upload, State.FAILED, sentence, null);
            throw UploadRefusedException.checksum(sentence);
        }
        UploadOutcome outcome;
        try (InputStream content = disk.open(upload.id())) {
            outcome = upload.kind().equals(Uploads.ARCHIVE)
                    ? target.extractArchive(caller, upload.spaceId(), upload.targetPath(), upload.conflict(), content)
                    : target.writeFile(caller, upload.spaceId(), upload.targetPath(), content,
                            upload.mode() == null ? 0644 : upload.mode());
        } catch (ValidationException invalid) {
            finish(upload, State.FAILED, invalid.getMessage(), null);
            throw invalid;
        } catch (WarrenException | UncheckedIOException retryable) {
            String sentence = retryable instanceof WarrenException ? retryable.getMessage()
                    : "Writing into the space failed: " + retryable.getMessage();
            store.saveOutcome(upload.id(), State.UPLOADING, sentence, null, clock.instant());
            throw retryable;
        } catch (IOException closing) {
            throw new UncheckedIOException(closing);
        }
        return finish(upload, State.COMPLETED, null, write(outcome));
    }

    private Upload finish(Upload upload, State state, String error, String result) {
        Instant now = clock.instant();
        store.saveOutcome(upload.id(), state, error, result, now);
        disk.delete(upload.id());
        return upload.withOutcome(state, error, result, now);
    }

    /** An uploading upload untouched for longer than the expiry is expired now, its bytes deleted. */
    Upload expireIfStale(Upload upload) {
        if (upload.state() != State.UPLOADING || !clock.instant().isAfter(expiresAt(upload)) || !claim(upload.id())) {
            return upload;
        }
        try {
            return finish(upload, State.EXPIRED, "The upload expired: nothing arrived for "
                    + settings.expiry().toSeconds() + " s (WARREN_UPLOAD_EXPIRY_SECONDS).", null);
        } finally {
            release(upload.id());
        }
    }

    Instant expiresAt(Upload upload) {
        return upload.updatedAt().plus(settings.expiry());
    }

    private Upload owned(Caller caller, String id) {
        if (id == null || !UploadDisk.ID.matcher(id).matches()) {
            throw missing(id);
        }
        return store.find(id)
                .filter(upload -> upload.userId().equals(caller.userId()))
                .filter(upload -> !caller.isSpaceToken() || upload.spaceId().equals(caller.spaceId()))
                .orElseThrow(() -> missing(id));
    }

    private static Upload requireUploading(Upload upload) {
        return switch (upload.state()) {
            case UPLOADING -> upload;
            case EXPIRED -> throw UploadRefusedException.expired(upload.id());
            case COMPLETED -> throw new WrongStateException("The upload " + upload.id() + " is already completed;"
                    + " nothing more can be sent to it.");
            case FAILED -> throw new WrongStateException("The upload " + upload.id() + " failed (" + upload.error()
                    + "); start a new upload.");
        };
    }

    private static long offset(String header) {
        if (header == null || !header.strip().matches("[0-9]{1,18}")) {
            throw ValidationException.of("Upload-Offset", "The header Upload-Offset is required on a PATCH: the"
                    + " number of bytes the server already holds (HEAD tells), not '" + header + "'.");
        }
        return Long.parseLong(header.strip());
    }

    private static ValidationException tooLong(Upload upload, long declared) {
        long left = upload.length() - upload.received();
        return ValidationException.of("Upload-Length", "The PATCH carries " + (declared >= 0 ? declared + " bytes"
                : "more bytes") + " but only " + left + " are left of the upload's Upload-Length " + upload.length()
                + "; nothing of it was kept.");
    }

    private static NotFoundException missing(String id) {
        return new NotFoundException("No upload '" + id + "' was found.");
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    private String write(UploadOutcome outcome) {
        try {
            return json.writeValueAsString(outcome);
        } catch (JsonProcessingException error) {
            throw new IllegalStateException("An upload outcome cannot be written as JSON", error);
        }
    }

    private UploadOutcome read(String result) {
        try {
            return result == null ? null : json.readValue(result, UploadOutcome.class);
        } catch (JsonProcessingException error) {
            throw new IllegalStateException("A stored upload outcome is not JSON", error);
        }
    }

    private UploadInfo info(Upload upload) {
        return new UploadInfo(upload.id(), upload.spaceId(), upload.targetPath(), upload.kind(), upload.conflict(),
                upload.length(), upload.received(), upload.sha256(), upload.state().word(), upload.error(),
                read(upload.result()), upload.createdAt(), upload.updatedAt(),
                upload.state() == State.UPLOADING ? expiresAt(upload) : null);
    }
}
