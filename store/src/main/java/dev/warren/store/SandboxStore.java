package dev.warren.store;

import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Sandbox.TimeoutAction;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The sandbox side of spaces. A row goes with its space (foreign key, cascade). Environment variables are sealed with
 * the store's cipher (they often hold API keys). Thread-safe, blocking.
 */
public final class SandboxStore {
    private final Jdbi jdbi;
    private final FieldCipher cipher;
    private final RowMapper<Sandbox> mapper;

    public SandboxStore(Jdbi jdbi, FieldCipher cipher) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.cipher = Objects.requireNonNull(cipher);
        this.mapper = (row, context) -> new Sandbox(row.getString("space_id"), Columns.instant(row, "ends_at"),
                Duration.ofSeconds(row.getLong("timeout_seconds")),
                Duration.ofSeconds(row.getLong("idle_timeout_seconds")), Columns.enumValue(TimeoutAction.class, row, "on_timeout"), Columns.flag(row, "auto_resume"),
                Json.stringMap(row.getString("metadata")),
                Json.stringMap(this.cipher.open(row.getString("environment"), context(row.getString("space_id")))),
                Columns.flag(row, "secure"), Columns.instant(row, "created_at"));
    }

    public void insert(Sandbox sandbox) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO sandboxes (space_id, ends_at, timeout_seconds, idle_timeout_seconds, on_timeout,
                                       auto_resume, metadata, environment, secure, created_at)
                VALUES (:space_id, :ends_at, :timeout_seconds, :idle_timeout_seconds, :on_timeout, :auto_resume,
                        :metadata, :environment, :secure, :created_at)
                """)
                .bind("space_id", sandbox.spaceId())
                .bind("ends_at", Columns.millis(sandbox.endsAt()))
                .bind("timeout_seconds", sandbox.timeout().toSeconds())
                .bind("idle_timeout_seconds", sandbox.idleTimeout().toSeconds())
                .bind("on_timeout", Columns.name(sandbox.onTimeout()))
                .bind("auto_resume", Columns.flag(sandbox.autoResume()))
                .bind("metadata", Json.write(sandbox.metadata()))
                .bind("environment", cipher.seal(Json.write(sandbox.environment()), context(sandbox.spaceId())))
                .bind("secure", Columns.flag(sandbox.secure()))
                .bind("created_at", Columns.millis(sandbox.createdAt()))
                .execute());
    }

    public Optional<Sandbox> find(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM sandboxes WHERE space_id = :id")
                .bind("id", spaceId).map(mapper).findOne());
    }

    /** Every sandbox by space id. */
    public Map<String, Sandbox> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM sandboxes").map(mapper).list())
                .stream().collect(Collectors.toMap(Sandbox::spaceId, Function.identity()));
    }

    /** Ids of the sandboxes whose time is up at {@code now}, the earliest first. */
    public List<String> dueAt(Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT space_id FROM sandboxes WHERE ends_at <= :now ORDER BY ends_at")
                .bind("now", Columns.millis(now)).mapTo(String.class).list());
    }

    /** Sets the life span and when the sandbox's time is up; false when it no longer exists. */
    public boolean setTimeout(String spaceId, Duration timeout, Instant endsAt) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE sandboxes SET ends_at = :ends_at, timeout_seconds = :timeout WHERE space_id = :id")
                .bind("id", spaceId).bind("ends_at", Columns.millis(endsAt)).bind("timeout", timeout.toSeconds())
                .execute()) > 0;
    }

    /** The sandboxes with an idle timeout. */
    public List<Sandbox> withIdleTimeout() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM sandboxes WHERE idle_timeout_seconds > 0")
                .map(mapper).list());
    }

    /** Sets when the sandbox's time is up; false when it no longer exists. */
    public boolean setEndsAt(String spaceId, Instant endsAt) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE sandboxes SET ends_at = :ends_at WHERE space_id = :id")
                .bind("id", spaceId).bind("ends_at", Columns.millis(endsAt)).execute()) > 0;
    }

    private static String context(String spaceId) {
        return "sandboxes.environment/" + spaceId;
    }
}
