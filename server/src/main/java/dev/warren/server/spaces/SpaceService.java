package dev.warren.server.spaces;

import dev.warren.client.wire.Spaces.CreateSpaceRequest;
import dev.warren.client.wire.Spaces.RunRequest;
import dev.warren.client.wire.Spaces.RunResult;
import dev.warren.client.wire.Spaces.RunScriptRequest;
import dev.warren.client.wire.Spaces.UpdateSpaceRequest;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.rules.Validator;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.server.auth.Caller;
import dev.warren.server.auth.Secrets;
import dev.warren.server.templates.TemplateService;
import dev.warren.server.users.UserService;
import dev.warren.server.volumes.VolumeMounts;
import dev.warren.store.SpaceStore;
import dev.warren.store.UserStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The knot.space table: every function a script, the CLI or the UI calls on spaces. Validates fully before any
 * write; permission checks through {@link SpaceAccess}; lifecycle through {@link SpaceLifecycleManager}.
 */
public final class SpaceService {
    private final SpaceStore spaces;
    private final UserStore users;
    private final TemplateService templates;
    private final SpaceAccess access;
    private final SpaceLifecycleManager lifecycle;
    private final SpaceProperties properties;
    private final SpaceCommands commands;
    private final Secrets secrets;
    private final Clock clock;
    private final String zone;
    private final SpaceSessions sessions;
    private final VolumeMounts volumeMounts;

    /** @param volumeMounts checks and stores the users' volumes a new space mounts */
    public SpaceService(SpaceStore spaces, UserStore users, TemplateService templates, SpaceAccess access,
            SpaceLifecycleManager lifecycle, SpaceProperties properties, SpaceCommands commands, Secrets secrets,
            Clock clock, String zone, SpaceSessions sessions, VolumeMounts volumeMounts) {
        this.sessions = sessions;
        this.volumeMounts = volumeMounts;
        this.spaces = spaces;
        this.users = users;
        this.templates = templates;
        this.access = access;
        this.lifecycle = lifecycle;
        this.properties = properties;
        this.commands = commands;
        this.secrets = secrets;
        this.clock = clock;
        this.zone = zone;
    }

    public List<Space> list(Caller caller) {
        return access.list(caller);
    }

    public List<Space> listAll(Caller caller) {
        return access.listAll(caller);
    }

    public Space get(Caller caller, String nameOrId) {
        return access.visible(caller, nameOrId);
    }

    /** Creates a stopped space (started too when {@code start_on_create}); admins may create for another user. */
    public Space create(Caller caller, CreateSpaceRequest request) {
        return create(caller, request, null);
    }

    /**
     * The same with the id given ({@code presetId}, e.g. a warm-pool member's, whose container then becomes this
     * space's), or a new one when null.
     */
    public Space create(Caller caller, CreateSpaceRequest request, String presetId) {
        User owner = caller.user();
        if (request.forUser() != null && !request.forUser().isBlank()) {
            if (!caller.isAdmin()) {
                throw ValidationException.of("for_user", "Only admins may create a space for another user.");
            }
            owner = users.findByIdUsernameOrEmail(request.forUser()).filter(User::active).orElseThrow(() ->
                    ValidationException.of("for_user", "No active user '" + request.forUser() + "' exists."));
        }
        Validator validator = new Validator()
                .name("name", request.name())
                .required("template", request.template())
                .text("description", request.description(), 2000)
                .url("icon_url", request.iconUrl())
                .names("alt_names", request.altNames())
                .maxLength("stack", request.stack(), 63);
        validator.throwIfInvalid();
        Template template = templates.get(request.template(), caller.isAdmin());
        var shell = UserService.parseShell("shell",
                request.shell() == null ? owner.preferredShell().command() : request.shell());
        Map<String, String> fields = properties.checkedFields(template, request.customFields());
        String ownerId = owner.id();
        if (spaces.findByOwnerAndName(ownerId, request.name()).isPresent()) {
            throw new ConflictException("A space named '" + request.name() + "' already exists for "
                    + owner.username() + ".");
        }
        List<String> altNames = properties.checkedAltNames(ownerId, null, request.name(), request.altNames());
        String id = presetId == null ? secrets.id() : presetId;
        List<String> dependsOn = properties.resolveDependencies(ownerId, id, request.dependsOn());
        Instant now = clock.instant();
        Space space = new Space(id, request.name(), orEmpty(request.description()), template.id(), ownerId, shell,
                orEmpty(request.iconUrl()), altNames, dependsOn, orEmpty(request.stack()), fields, SpaceState.STOPPED,
                null, null, zone, null, now, now);
        VolumeMounts.Checked mounts = volumeMounts.check(space, template, owner, request.volumes());
        spaces.insert(space);
        mounts.store(); // right after the row: a volume deleted meanwhile takes the row back out
        lifecycle.save(space, null, actor(caller)); // stamps and announces the new space to the events stream
        if (Boolean.TRUE.equals(request.startOnCreate())) {
            return lifecycle.start(space, actor(caller));
        }
        return space;
    }

    public Space update(Caller caller, String nameOrId, UpdateSpaceRequest request) {
        return properties.update(access.managed(caller, nameOrId, "edit"), request);
    }

    public void delete(Caller caller, String nameOrId) {
        lifecycle.delete(access.managed(caller, nameOrId, "delete"), actor(caller));
    }

    public Space start(Caller caller, String nameOrId) {
        return lifecycle.start(access.visible(caller, nameOrId), actor(caller));
    }

    public Space stop(Caller caller, String nameOrId) {
        return lifecycle.stop(access.visible(caller, nameOrId), actor(caller));
    }

    /** Owners, users it is shared with and admins may pause it (they may stop it too); never its own token. */
    public Space pause(Caller caller, String nameOrId) {
        return lifecycle.pause(access.visible(caller, nameOrId), actor(caller));
    }

    public Space resume(Caller caller, String nameOrId) {
        return lifecycle.resume(access.visible(caller, nameOrId), actor(caller));
    }

    public Space restart(Caller caller, String nameOrId) {
        return lifecycle.restart(access.visible(caller, nameOrId), actor(caller));
    }

    public Space setDescription(Caller caller, String nameOrId, String description) {
        return properties.setDescription(access.managed(caller, nameOrId, "describe"), description);
    }

    public Space setDependencies(Caller caller, String nameOrId, List<String> dependsOn) {
        return properties.setDependencies(access.managed(caller, nameOrId, "change dependencies of"), dependsOn);
    }

    public Space setStartupScript(Caller caller, String nameOrId, String script) {
        return properties.setStartupScript(access.managed(caller, nameOrId, "change the startup script of"), script);
    }

    public Space setStack(Caller caller, String nameOrId, String stack) {
        return properties.setStack(access.managed(caller, nameOrId, "change the stack of"), stack);
    }

    public String getField(Caller caller, String nameOrId, String field) {
        return properties.getField(access.visible(caller, nameOrId), field);
    }

    public String setField(Caller caller, String nameOrId, String field, String value) {
        return properties.setField(access.managed(caller, nameOrId, "change fields of"), field, value);
    }

    public Space transfer(Caller caller, String nameOrId, String user) {
        Space moved = properties.transfer(access.managed(caller, nameOrId, "transfer"), user);
        closeSessionsOfThoseWhoLostAccess(moved.id());
        return moved;
    }

    public Space share(Caller caller, String nameOrId, List<String> userRefs) {
        return properties.share(access.managed(caller, nameOrId, "share"), userRefs);
    }

    /**
     * Owners (and admins) remove one share or all; a recipient may only leave its own share. The terminals and
     * process streams of users who lost access close at once.
     */
    public void unshare(Caller caller, String nameOrId, String user) {
        Space space = access.visible(caller, nameOrId);
        if (access.canManage(caller, space)) {
            properties.unshare(space, user);
            closeSessionsOfThoseWhoLostAccess(space.id());
            return;
        }
        if (caller.isSpaceToken()) {
            throw new NotFoundException("A space token cannot change shares.");
        }
        if (user != null && !user.isBlank()) {
            User target = users.findByIdUsernameOrEmail(user).orElse(null);
            if (target == null || !target.id().equals(caller.userId())) {
                throw new dev.warren.core.ForbiddenException("Only the owner may remove other users' shares of '"
                        + space.name() + "'.");
            }
        }
        properties.unshareUser(space, caller.userId());
        closeSessionsOfThoseWhoLostAccess(space.id());
    }

    /** Closes the open terminals and streams of the space whose caller may no longer see it. */
    private void closeSessionsOfThoseWhoLostAccess(String spaceId) {
        spaces.findById(spaceId).ifPresent(space ->
                sessions.closeWhere(spaceId, holder -> !access.canSee(holder, space)));
    }

    public RunResult run(Caller caller, String nameOrId, RunRequest request) {
        return commands.run(access.visible(caller, nameOrId), request);
    }

    public RunResult runScript(Caller caller, String nameOrId, String script, RunScriptRequest request) {
        return commands.runScript(access.visible(caller, nameOrId), script, request);
    }

    /** A shell with a terminal in a running space, for the web terminal. The caller must close it. */
    public AgentProcess openTerminal(Caller caller, String nameOrId, int cols, int rows) {
        Space space = access.visible(caller, nameOrId);
        return sessions.track(space, caller, commands.openTerminal(space, cols, rows));
    }

    public List<Space> startStack(Caller caller, String stack) {
        List<Space> result = new ArrayList<>();
        for (Space space : lifecycle.stackOrder(caller.userId(), stack)) {
            result.add(lifecycle.start(space, actor(caller)));
        }
        return result;
    }

    /** Dependants stop before what they depend on: the reverse of the start order. */
    public List<Space> stopStack(Caller caller, String stack) {
        List<Space> order = new ArrayList<>(lifecycle.stackOrder(caller.userId(), stack));
        java.util.Collections.reverse(order);
        List<Space> result = new ArrayList<>();
        for (Space space : order) {
            result.add(lifecycle.stop(space, actor(caller)));
        }
        return result;
    }

    public List<Space> restartStack(Caller caller, String stack) {
        stopStack(caller, stack);
        return startStack(caller, stack);
    }

    /** Who an event names: the user, marked when the call came from inside a space with its token. */
    public static String actor(Caller caller) {
        return caller.isSpaceToken() ? caller.user().username() + " (space token)" : caller.user().username();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
