package dev.warren.server.spaces;

import dev.warren.client.wire.Spaces.UpdateSpaceRequest;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Shell;
import dev.warren.core.model.Script;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.rules.DependencyGraph;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.core.rules.Validator;
import dev.warren.server.users.UserService;
import dev.warren.store.ScriptStore;
import dev.warren.store.SpaceStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to a space's properties: details, dependencies, stack, custom fields, owner and shares. Each change
 * re-reads the space under its lock, so it never overwrites a concurrent lifecycle transition.
 */
public final class SpaceProperties {
    private final SpaceStore spaces;
    private final TemplateStore templates;
    private final UserStore users;
    private final SpaceLocks locks;
    private final SpaceLifecycleManager lifecycle;
    private final ScriptStore scripts;

    public SpaceProperties(SpaceStore spaces, TemplateStore templates, UserStore users, SpaceLocks locks,
            SpaceLifecycleManager lifecycle, ScriptStore scripts) {
        this.scripts = scripts;
        this.spaces = spaces;
        this.templates = templates;
        this.users = users;
        this.locks = locks;
        this.lifecycle = lifecycle;
    }

    Space update(Space space, UpdateSpaceRequest request) {
        new Validator()
                .check(request.name() == null || Validator.NAME.matcher(request.name()).matches(), "name",
                        "The field 'name' must be 1 to 63 lowercase letters, digits or dashes, starting with a "
                                + "letter and ending with a letter or digit.")
                .text("description", request.description(), 2000)
                .url("icon_url", request.iconUrl())
                .names("alt_names", request.altNames())
                .throwIfInvalid();
        Shell shell = request.shell() == null ? space.shell() : UserService.parseShell("shell", request.shell());
        String name = request.name() == null ? space.name() : request.name();
        if (!name.equals(space.name())) {
            spaces.findByOwnerAndName(space.userId(), name).ifPresent(other -> {
                throw new ConflictException("A space named '" + name + "' already exists for this owner.");
            });
        }
        List<String> altNames = request.altNames() == null ? space.altNames()
                : checkedAltNames(space.userId(), space.id(), name, request.altNames());
        return change(space, current -> current.withDetails(name,
                request.description() == null ? current.description() : request.description().strip(),
                request.iconUrl() == null ? current.iconUrl() : request.iconUrl().strip(), altNames, shell));
    }

    Space setDescription(Space space, String description) {
        new Validator().text("description", description, 2000).throwIfInvalid();
        return change(space, current -> current.withDetails(current.name(), description == null ? "" : description,
                current.iconUrl(), current.altNames(), current.shell()));
    }

    Space setDependencies(Space space, List<String> dependsOn) {
        List<String> ids = resolveDependencies(space.userId(), space.id(), dependsOn);
        return change(space, current -> current.withDependsOn(ids));
    }

    Space setStack(Space space, String stack) {
        String value = stack == null ? "" : stack.strip();
        new Validator().check(value.isEmpty() || Validator.NAME.matcher(value).matches(), "stack",
                "The stack name must be empty or 1 to 63 lowercase letters, digits or dashes.").throwIfInvalid();
        return change(space, current -> current.withStack(value));
    }

    /** Sets (by name or id) or clears (empty) the script run in the background after every start. */
    Space setStartupScript(Space space, String script) {
        String ref = script == null ? "" : script.strip();
        String id = null;
        if (!ref.isEmpty()) {
            id = scripts.findByName(ref).or(() -> scripts.findById(ref)).map(Script::id).orElseThrow(() ->
                    ValidationException.of("script", "No script named '" + ref + "' exists."));
        }
        String chosen = id;
        return change(space, current -> current.withStartupScriptId(chosen));
    }

    String getField(Space space, String field) {
        Template template = template(space);
        if (!template.definesField(field)) {
            throw ValidationException.of("field", "Template '" + template.name() + "' defines no field '" + field
                    + "'.");
        }
        return space.customFields().getOrDefault(field, "");
    }

    String setField(Space space, String field, String value) {
        Template template = template(space);
        Map<String, String> updated = new HashMap<>(space.customFields());
        updated.putAll(checkedFields(template, Map.of(field, value == null ? "" : value)));
        change(space, current -> current.withCustomFields(updated));
        return updated.get(field);
    }

    /** Gives a stopped space to another active user; shares and dependencies are dropped, names must not clash. */
    Space transfer(Space space, String userRef) {
        new Validator().required("user", userRef).throwIfInvalid();
        User target = users.findByIdUsernameOrEmail(userRef).orElseThrow(() ->
                ValidationException.of("user", "No user '" + userRef + "' exists."));
        if (!target.active()) {
            throw ValidationException.of("user", "User '" + target.username() + "' is disabled.");
        }
        SpaceLifecycle.requireStopped(space, "transfer");
        if (target.id().equals(space.userId())) {
            return space;
        }
        if (spaces.findByOwnerAndName(target.id(), space.name()).isPresent()) {
            throw new ConflictException("User '" + target.username() + "' already has a space named '"
                    + space.name() + "'.");
        }
        return locks.with(space.id(), () -> {
            SpaceLifecycle.requireStopped(lifecycle.reload(space.id()), "transfer");
            spaces.transfer(space.id(), target.id());
            return lifecycle.save(lifecycle.reload(space.id()));
        });
    }

    Space share(Space space, List<String> userRefs) {
        if (userRefs == null || userRefs.isEmpty()) {
            throw ValidationException.of("users", "Name at least one user to share with.");
        }
        List<User> targets = new ArrayList<>();
        for (String ref : userRefs) {
            User user = users.findByIdUsernameOrEmail(ref == null ? "" : ref).filter(User::active).orElseThrow(() ->
                    ValidationException.of("users", "No active user '" + ref + "' exists."));
            if (user.id().equals(space.userId())) {
                throw ValidationException.of("users", "A space cannot be shared with its owner.");
            }
            targets.add(user);
        }
        targets.forEach(user -> spaces.addShare(space.id(), user.id()));
        return lifecycle.save(lifecycle.reload(space.id()));
    }

    void unshare(Space space, String userRef) {
        if (userRef == null || userRef.isBlank()) {
            spaces.removeAllShares(space.id());
        } else {
            User user = users.findByIdUsernameOrEmail(userRef).orElseThrow(() ->
                    ValidationException.of("user", "No user '" + userRef + "' exists."));
            if (!spaces.removeShare(space.id(), user.id())) {
                throw new NotFoundException("Space '" + space.name() + "' is not shared with '" + userRef + "'.");
            }
        }
        lifecycle.save(lifecycle.reload(space.id()));
    }

    void unshareUser(Space space, String userId) {
        if (!spaces.removeShare(space.id(), userId)) {
            throw new NotFoundException("Space '" + space.name() + "' is not shared with you.");
        }
    }

    /** Names or ids of the owner's spaces → ids; self-dependency, unknown spaces and cycles are refused. */
    List<String> resolveDependencies(String ownerId, String spaceId, List<String> refs) {
        if (refs == null || refs.isEmpty()) {
            return List.of();
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String ref : refs) {
            if (ref == null || ref.isBlank()) {
                throw ValidationException.of("depends_on", "Dependencies must be space names or ids.");
            }
            Optional<Space> found = spaces.findById(ref).filter(s -> s.userId().equals(ownerId))
                    .or(() -> spaces.findByOwnerAndName(ownerId, ref));
            if (found.isEmpty() && ref.equals(spaceId)) {
                throw ValidationException.of("depends_on", "A space cannot depend on itself.");
            }
            ids.add(found.orElseThrow(() -> ValidationException.of("depends_on",
                    "No space '" + ref + "' of the same owner exists.")).id());
        }
        Map<String, String> names = new HashMap<>();
        spaces.listOwnedBy(ownerId).forEach(s -> names.put(s.id(), s.name()));
        new DependencyGraph(spaces.dependencyEdges(ownerId))
                .checkNewDependencies(spaceId, ids, id -> names.getOrDefault(id, id));
        return List.copyOf(ids);
    }

    /** Only fields the template defines; values up to 4096 characters without control characters (but tab). */
    Map<String, String> checkedFields(Template template, Map<String, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        if (values == null) {
            return result;
        }
        Validator validator = new Validator();
        values.forEach((name, value) -> {
            if (!template.definesField(name)) {
                validator.add("custom_fields", "Template '" + template.name() + "' defines no field '" + name + "'.");
            } else if (value != null && (value.length() > 4096
                    || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t'))) {
                validator.add("custom_fields", "The value of field '" + name
                        + "' must be at most 4096 characters without control characters.");
            } else {
                result.put(name, value == null ? "" : value);
            }
        });
        validator.throwIfInvalid();
        return result;
    }

    /** Alternative names: valid names, no duplicates, none equal to the owner's other spaces' names. */
    List<String> checkedAltNames(String ownerId, String spaceId, String name, List<String> altNames) {
        if (altNames == null) {
            return List.of();
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>(altNames);
        if (unique.size() != altNames.size() || unique.contains(name)) {
            throw ValidationException.of("alt_names", "Alternative names must differ from each other and from the "
                    + "space's name.");
        }
        if (unique.size() > 20) {
            throw ValidationException.of("alt_names", "A space may have at most 20 alternative names.");
        }
        for (Space other : spaces.listOwnedBy(ownerId)) {
            if (!other.id().equals(spaceId) && unique.contains(other.name())) {
                throw new ConflictException("The alternative name '" + other.name() + "' is the name of another "
                        + "space.");
            }
        }
        return List.copyOf(unique);
    }

    private Template template(Space space) {
        return templates.findById(space.templateId()).orElseThrow(() ->
                new NotFoundException("The template of space '" + space.name() + "' no longer exists."));
    }

    private Space change(Space space, java.util.function.UnaryOperator<Space> edit) {
        return locks.with(space.id(), () -> lifecycle.save(edit.apply(lifecycle.reload(space.id()))));
    }
}
