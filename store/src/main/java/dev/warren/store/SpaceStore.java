package dev.warren.store;

import static dev.warren.store.Conflicts.clash;

import dev.warren.core.NotFoundException;
import dev.warren.core.model.Space;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.Update;

/**
 * Spaces with their dependencies (ordered) and shares. Names are unique per owner. Lists are ordered by name.
 * Every method is one transaction; writes start with a write so SQLite never has to upgrade a read lock.
 * Thread-safe, blocking.
 */
public final class SpaceStore {
    private static final String INSERT = "INSERT INTO spaces (" + SpaceMapper.COLUMNS.replace("s.", "")
            + ") VALUES (:id, :name, :description, :templateId, :userId, :shell, :iconUrl, :altNames, :stack,"
            + " :customFields, :state, :appliedTemplateHash, :containerId, :zone, :startupScriptId, :createdAt,"
            + " :updatedAt)";
    private static final String UPDATE = "UPDATE spaces SET name = :name, description = :description,"
            + " template_id = :templateId, user_id = :userId, shell = :shell, icon_url = :iconUrl,"
            + " alt_names = :altNames, stack = :stack, custom_fields = :customFields, state = :state,"
            + " applied_template_hash = :appliedTemplateHash, container_id = :containerId, zone = :zone,"
            + " startup_script_id = :startupScriptId, updated_at = :updatedAt WHERE id = :id";
    private static final String MISSING_REFERENCE =
            "The space's owner, template, startup script or a space it depends on no longer exists.";

    private final Jdbi jdbi;

    public SpaceStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    /**
     * Stores a new space with its dependencies (duplicates in {@code dependsOn} are kept once).
     *
     * @throws dev.warren.core.ConflictException if the owner has a space of that name, or a reference is gone
     */
    public void insert(Space space) {
        write(space, handle -> {
            bind(handle.createUpdate(INSERT), space).execute();
            insertDependencies(handle, space);
        });
    }

    /**
     * Replaces the whole stored space except {@code createdAt}: fields, dependency order, alternative names and
     * custom fields, in one transaction.
     *
     * @throws dev.warren.core.ConflictException if the owner has another space of that name, or a reference is gone
     * @throws NotFoundException if no space has this id
     */
    public void update(Space space) {
        write(space, handle -> {
            if (bind(handle.createUpdate(UPDATE), space).execute() == 0) {
                throw NotFoundException.space(space.id());
            }
            handle.createUpdate("DELETE FROM space_dependencies WHERE space_id = :id").bind("id", space.id())
                    .execute();
            insertDependencies(handle, space);
        });
    }

    /** The space with this id, if any. */
    public Optional<Space> findById(String id) {
        return select("s.id = :id", Map.of("id", id)).stream().findFirst();
    }

    /** The owner's space with exactly this name, if any. */
    public Optional<Space> findByOwnerAndName(String userId, String name) {
        return select("s.user_id = :userId AND s.name = :name", Map.of("userId", userId, "name", name))
                .stream().findFirst();
    }

    /** The spaces the user owns. */
    public List<Space> listOwnedBy(String userId) {
        return select("s.user_id = :userId", Map.of("userId", userId));
    }

    /** The spaces shared with the user (not those they own). */
    public List<Space> listSharedWith(String userId) {
        return select("s.id IN (SELECT space_id FROM space_shares WHERE user_id = :userId)",
                Map.of("userId", userId));
    }

    /** Every space of every user. */
    public List<Space> listAll() {
        return select("1 = 1", Map.of());
    }

    /** The spaces whose {@code dependsOn} contains the space. */
    public List<Space> listDependants(String spaceId) {
        return select("s.id IN (SELECT space_id FROM space_dependencies WHERE depends_on_id = :spaceId)",
                Map.of("spaceId", spaceId));
    }

    /**
     * Deletes the space with its shares, its space tokens, dependency rows from and to it, and persistent port
     * forwards from and to it, in one transaction; false if it did not exist.
     */
    public boolean delete(String id) {
        return jdbi.inTransaction(handle -> {
            execute(handle, "DELETE FROM port_forwards WHERE source_space_id = :id OR target_space_id = :id", id);
            execute(handle, "DELETE FROM space_shares WHERE space_id = :id", id);
            execute(handle, "DELETE FROM space_dependencies WHERE space_id = :id OR depends_on_id = :id", id);
            execute(handle, "DELETE FROM api_tokens WHERE space_id = :id", id);
            return execute(handle, "DELETE FROM spaces WHERE id = :id", id) > 0;
        });
    }

    /**
     * Shares the space with the user; sharing twice changes nothing.
     *
     * @throws dev.warren.core.ConflictException if the space or the user no longer exists
     */
    public void addShare(String spaceId, String userId) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO space_shares (space_id, user_id)"
                            + " VALUES (:spaceId, :userId) ON CONFLICT (space_id, user_id) DO NOTHING")
                    .bind("spaceId", spaceId).bind("userId", userId).execute());
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The space or the user to share it with no longer exists.");
        }
    }

    /** Stops sharing the space with the user; false if it was not shared with them. */
    public boolean removeShare(String spaceId, String userId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM space_shares WHERE space_id = :spaceId AND user_id = :userId")
                .bind("spaceId", spaceId).bind("userId", userId).execute()) > 0;
    }

    /** Stops sharing the space with anyone; idempotent. */
    public void removeAllShares(String spaceId) {
        jdbi.useHandle(handle -> execute(handle, "DELETE FROM space_shares WHERE space_id = :id", spaceId));
    }

    /** The ids of the users the space is shared with, ordered by id. */
    public List<String> sharesOf(String spaceId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT user_id FROM space_shares WHERE space_id = :id ORDER BY user_id")
                .bind("id", spaceId).mapTo(String.class).list());
    }

    /**
     * Gives the space to another user in one transaction: changes the owner, removes every share and clears the
     * dependencies of and on the space.
     *
     * @throws NotFoundException if no space has this id
     * @throws dev.warren.core.ConflictException if the new owner already has a space of that name or is gone
     */
    public void transfer(String spaceId, String newUserId) {
        try {
            jdbi.useTransaction(handle -> {
                int updated = handle.createUpdate("UPDATE spaces SET user_id = :userId WHERE id = :id")
                        .bind("userId", newUserId).bind("id", spaceId).execute();
                if (updated == 0) {
                    throw NotFoundException.space(spaceId);
                }
                execute(handle, "DELETE FROM space_shares WHERE space_id = :id", spaceId);
                execute(handle, "DELETE FROM space_dependencies WHERE space_id = :id OR depends_on_id = :id",
                        spaceId);
            });
        } catch (JdbiException e) {
            throw Conflicts.translate(e, "The new owner of the space no longer exists.",
                    clash("name", "The new owner already has a space with the same name."));
        }
    }

    /** For every space the user owns: its id mapped to the ids it depends on, in order (ordered by name). */
    public Map<String, List<String>> dependencyEdges(String userId) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        listOwnedBy(userId).forEach(space -> edges.put(space.id(), space.dependsOn()));
        return edges;
    }

    /** Spaces matching {@code condition} (on alias {@code s}) with their dependencies, read in one transaction. */
    private List<Space> select(String condition, Map<String, ?> parameters) {
        return jdbi.inTransaction(handle -> {
            List<Space> spaces = handle.createQuery("SELECT " + SpaceMapper.COLUMNS + " FROM spaces s WHERE "
                            + condition + " ORDER BY s.name, s.id")
                    .bindMap(parameters).map(SpaceMapper.INSTANCE).list();
            if (spaces.isEmpty()) {
                return spaces;
            }
            Map<String, List<String>> dependencies = new HashMap<>();
            handle.createQuery("SELECT d.space_id, d.depends_on_id FROM space_dependencies d"
                            + " JOIN spaces s ON s.id = d.space_id WHERE " + condition
                            + " ORDER BY d.space_id, d.sort_order")
                    .bindMap(parameters)
                    .map((row, context) -> Map.entry(row.getString("space_id"), row.getString("depends_on_id")))
                    .forEach(edge -> dependencies.computeIfAbsent(edge.getKey(), key -> new ArrayList<>())
                            .add(edge.getValue()));
            return spaces.stream()
                    .map(space -> space.withDependsOn(dependencies.getOrDefault(space.id(), List.of())))
                    .toList();
        });
    }

    private void write(Space space, HandleConsumer<RuntimeException> work) {
        try {
            jdbi.useTransaction(work);
        } catch (JdbiException e) {
            throw Conflicts.translate(e, MISSING_REFERENCE,
                    clash("name", "The owner already has a space named '" + space.name() + "'."));
        }
    }

    private static void insertDependencies(Handle handle, Space space) {
        List<String> dependsOn = space.dependsOn().stream().distinct().toList();
        if (dependsOn.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("INSERT INTO space_dependencies (space_id, depends_on_id,"
                + " sort_order) VALUES (:spaceId, :dependsOnId, :sortOrder)");
        for (int index = 0; index < dependsOn.size(); index++) {
            batch.bind("spaceId", space.id()).bind("dependsOnId", dependsOn.get(index)).bind("sortOrder", index)
                    .add();
        }
        batch.execute();
    }

    private static int execute(Handle handle, String sql, String id) {
        return handle.createUpdate(sql).bind("id", id).execute();
    }

    private static Update bind(Update update, Space space) {
        // UPDATE leaves created_at alone, so one binder serves INSERT and UPDATE.
        return update.configure(SqlStatements.class, statements -> statements.setUnusedBindingAllowed(true))
                .bind("id", space.id())
                .bind("name", space.name())
                .bind("description", space.description())
                .bind("templateId", space.templateId())
                .bind("userId", space.userId())
                .bind("shell", Columns.name(space.shell()))
                .bind("iconUrl", space.iconUrl())
                .bind("altNames", Json.write(space.altNames()))
                .bind("stack", space.stack())
                .bind("customFields", Json.write(space.customFields()))
                .bind("state", Columns.name(space.state()))
                .bind("appliedTemplateHash", space.appliedTemplateHash())
                .bind("containerId", space.containerId())
                .bind("zone", space.zone())
                .bind("startupScriptId", space.startupScriptId())
                .bind("createdAt", Columns.millis(space.createdAt()))
                .bind("updatedAt", Columns.millis(space.updatedAt()));
    }
}
