package dev.warren.store;

import dev.warren.core.model.PoolMember;
import dev.warren.core.model.PoolSettings;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Warm pools: each template's settings and the members waiting for a claim, plus the identities of claimed spaces
 * (sealed: they hold the space's token). Claiming is atomic: two creates never get one member. Thread-safe, blocking.
 */
public final class PoolStore {
    private static final RowMapper<PoolSettings> SETTINGS = (row, context) -> new PoolSettings(
            row.getString("template_id"), row.getInt("size"), row.getInt("max_size"),
            Duration.ofSeconds(row.getLong("idle_seconds")));
    private static final RowMapper<PoolMember> MEMBER = (row, context) -> new PoolMember(row.getString("space_id"),
            row.getString("template_id"), row.getString("template_hash"), row.getString("owner_id"),
            Columns.enumValue(PoolMember.State.class, row, "state"), Columns.instant(row, "created_at"));

    private final Jdbi jdbi;
    private final FieldCipher cipher;

    public PoolStore(Jdbi jdbi, FieldCipher cipher) {
        this.jdbi = Objects.requireNonNull(jdbi);
        this.cipher = Objects.requireNonNull(cipher);
    }

    public Optional<PoolSettings> settings(String templateId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM template_pools WHERE template_id = :id")
                .bind("id", templateId).map(SETTINGS).findOne());
    }

    public List<PoolSettings> allSettings() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM template_pools").map(SETTINGS).list());
    }

    /** Sets (or, with size and max 0, removes) a template's pool settings. */
    public void putSettings(PoolSettings settings) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM template_pools WHERE template_id = :id")
                    .bind("id", settings.templateId()).execute();
            if (settings.maxSize() > 0) {
                handle.createUpdate("""
                        INSERT INTO template_pools (template_id, size, max_size, idle_seconds)
                        VALUES (:id, :size, :max, :idle)""")
                        .bind("id", settings.templateId()).bind("size", settings.size())
                        .bind("max", settings.maxSize()).bind("idle", settings.idleLifetime().toSeconds()).execute();
            }
        });
    }

    public void addMember(PoolMember member) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO pool_members (space_id, template_id, template_hash, owner_id, state, created_at)
                VALUES (:space_id, :template_id, :template_hash, :owner_id, :state, :created_at)""")
                .bind("space_id", member.spaceId()).bind("template_id", member.templateId())
                .bind("template_hash", member.templateHash()).bind("owner_id", member.ownerId())
                .bind("state", Columns.name(member.state())).bind("created_at", Columns.millis(member.createdAt()))
                .execute());
    }

    /** Marks a starting member ready; false when it is gone meanwhile (drained). */
    public boolean markReady(String spaceId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE pool_members SET state = 'READY' WHERE space_id = :id AND state = 'STARTING'")
                .bind("id", spaceId).execute()) > 0;
    }

    /** Removes a member's row; true when it was there. */
    public boolean removeMember(String spaceId) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM pool_members WHERE space_id = :id")
                .bind("id", spaceId).execute()) > 0;
    }

    public List<PoolMember> members() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM pool_members ORDER BY created_at")
                .map(MEMBER).list());
    }

    public boolean isMember(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM pool_members WHERE space_id = :id")
                .bind("id", spaceId).mapTo(Integer.class).one()) > 0;
    }

    /**
     * Takes the oldest ready member of the template at {@code templateHash} for the owner, removing its row: the
     * caller owns its container now. Atomic: a member deleted by another claim is skipped.
     */
    public Optional<PoolMember> claim(String templateId, String templateHash, String ownerId) {
        List<PoolMember> candidates = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM pool_members
                        WHERE template_id = :template AND template_hash = :hash AND owner_id = :owner
                          AND state = 'READY'
                        ORDER BY created_at LIMIT 5""")
                .bind("template", templateId).bind("hash", templateHash).bind("owner", ownerId)
                .map(MEMBER).list());
        for (PoolMember candidate : candidates) {
            if (removeMember(candidate.spaceId())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** An identity: what a claimed space's processes get, while the container it was claimed with runs. */
    public record Identity(String containerId, String environmentJson) {}

    public void putIdentity(String spaceId, Identity identity) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM space_identities WHERE space_id = :id").bind("id", spaceId).execute();
            handle.createUpdate("INSERT INTO space_identities (space_id, container_id, environment)"
                            + " VALUES (:id, :container, :env)")
                    .bind("id", spaceId).bind("container", identity.containerId())
                    .bind("env", cipher.seal(identity.environmentJson(), context(spaceId))).execute();
        });
    }

    public Optional<Identity> identity(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT container_id, environment FROM space_identities WHERE space_id = :id")
                .bind("id", spaceId).map((row, context) -> new Identity(row.getString("container_id"),
                        cipher.open(row.getString("environment"), context(spaceId)))).findOne());
    }

    public void removeIdentity(String spaceId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM space_identities WHERE space_id = :id")
                .bind("id", spaceId).execute());
    }

    private static String context(String spaceId) {
        return "space_identities.environment/" + spaceId;
    }
}
