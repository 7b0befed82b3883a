package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Resumable uploads (tus 1.0): what was asked (target, kind, length, checksum), how far the bytes got, and how it
 * ended. The bytes themselves live on the server's disk, not here. Thread-safe, blocking.
 */
public final class UploadStore {
    private static final String SELECT = "SELECT " + UploadMapper.COLUMNS + " FROM uploads";

    /** Where an upload is in its life. Only {@link #UPLOADING} ones hold disk and accept bytes. */
    public enum State {
        UPLOADING, COMPLETED, FAILED, EXPIRED;

        /** The lower-case word used on the wire and in the store. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One upload.
     *
     * @param kind     {@code file} or {@code archive}
     * @param conflict for archives, {@code merge | replace | fail}; null for files
     * @param mode     for files, the permission bits; null for the default
     * @param received bytes on disk and flushed: the tus {@code Upload-Offset}
     * @param error    why it failed (or why its last completion attempt did not go through); null otherwise
     * @param result   the JSON of what completing it produced; null until then
     */
    public record Upload(String id, String userId, String spaceId, String targetPath, String kind, String conflict,
            Integer mode, long length, long received, String sha256, State state, String error, String result,
            Instant createdAt, Instant updatedAt) {

        public Upload withProgress(long newReceived, Instant at) {
            return new Upload(id, userId, spaceId, targetPath, kind, conflict, mode, length, newReceived, sha256,
                    state, error, result, createdAt, at);
        }

        public Upload withOutcome(State newState, String newError, String newResult, Instant at) {
            return new Upload(id, userId, spaceId, targetPath, kind, conflict, mode, length, received, sha256,
                    newState, newError, newResult, createdAt, at);
        }
    }

    private final Jdbi jdbi;

    public UploadStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Stores a new upload.
     *
     * @throws dev.warren.core.ConflictException if its user or space no longer exists, or the id is taken
     */
    public void insert(Upload upload) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO uploads (" + UploadMapper.COLUMNS + ") VALUES"
                            + " (:id, :userId, :spaceId, :targetPath, :kind, :conflict, :mode, :length, :received,"
                            + " :sha256, :state, :error, :result, :createdAt, :updatedAt)")
                    .bind("id", upload.id()).bind("userId", upload.userId()).bind("spaceId", upload.spaceId())
                    .bind("targetPath", upload.targetPath()).bind("kind", upload.kind())
                    .bind("conflict", upload.conflict()).bind("mode", upload.mode())
                    .bind("length", upload.length()).bind("received", upload.received())
                    .bind("sha256", upload.sha256()).bind("state", upload.state().word())
                    .bind("error", upload.error()).bind("result", upload.result())
                    .bind("createdAt", Columns.millis(upload.createdAt()))
                    .bind("updatedAt", Columns.millis(upload.updatedAt()))
                    .execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The user or space of the upload no longer exists.",
                    Conflicts.clash("id", "An upload with this id already exists."));
        }
    }

    /** The upload with this id, if any. */
    public Optional<Upload> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE id = :id").bind("id", id)
                .map(UploadMapper.INSTANCE).findOne());
    }

    /** The user's uploads, newest first. */
    public List<Upload> listForUser(String userId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE user_id = :user"
                        + " ORDER BY created_at DESC, id").bind("user", userId).map(UploadMapper.INSTANCE).list());
    }

    /** Every upload, oldest first (the start-up reconciliation and the expiry sweep read them all). */
    public List<Upload> listAll() {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " ORDER BY created_at, id")
                .map(UploadMapper.INSTANCE).list());
    }

    /** The bytes the user's unfinished uploads will hold on disk once complete (their declared lengths). */
    public long unfinishedBytes(String userId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COALESCE(SUM(length), 0) FROM uploads"
                        + " WHERE user_id = :user AND state = :state")
                .bind("user", userId).bind("state", State.UPLOADING.word()).mapTo(Long.class).one());
    }

    /** Records how many bytes are on disk; false when the upload is gone. */
    public boolean saveProgress(String id, long received, Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE uploads SET received_bytes = :received,"
                        + " updated_at = :at WHERE id = :id")
                .bind("id", id).bind("received", received).bind("at", Columns.millis(at)).execute()) > 0;
    }

    /** Records a new state, error and result; false when the upload is gone. */
    public boolean saveOutcome(String id, State state, String error, String result, Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE uploads SET state = :state, error = :error,"
                        + " result = :result, updated_at = :at WHERE id = :id")
                .bind("id", id).bind("state", state.word()).bind("error", error).bind("result", result)
                .bind("at", Columns.millis(at)).execute()) > 0;
    }

    /** Deletes the upload's row; false when there was none. */
    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM uploads WHERE id = :id").bind("id", id)
                .execute()) > 0;
    }

    /** How many uploads are stored, in any state (tests check that a refused request added none). */
    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM uploads").mapTo(Long.class).one());
    }
}
