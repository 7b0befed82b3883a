package dev.warren.server.spaces;

import dev.warren.client.wire.Spaces.CustomFieldValue;
import dev.warren.client.wire.Spaces.SpaceEvent;
import dev.warren.client.wire.Spaces.SpaceInfo;
import dev.warren.client.wire.Templates.Port;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.store.SpaceStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Turns spaces into the wire's {@code get()} shape (with owner name, template name, shares, update flag). */
public final class SpaceViews {
    private final SpaceStore spaces;
    private final TemplateStore templates;
    private final UserStore users;
    private final TemplateSpecParser parser;
    private final String nodeHostname;
    private final String platform;
    private final SpaceHealth health;
    /** False while the engine does not answer: what runs is then unknown, and said so. */
    private final BooleanSupplier runtimeAvailable;
    private final Map<String, List<Port>> portsByHash = new java.util.concurrent.ConcurrentHashMap<>();

    public SpaceViews(SpaceStore spaces, TemplateStore templates, UserStore users, TemplateSpecParser parser,
            String nodeHostname, String platform, SpaceHealth health, BooleanSupplier runtimeAvailable) {
        this.health = health;
        this.runtimeAvailable = runtimeAvailable;
        this.spaces = spaces;
        this.templates = templates;
        this.users = users;
        this.parser = parser;
        this.nodeHostname = nodeHostname;
        this.platform = platform;
    }

    /**
     * A list of spaces: templates and owners are read once for the whole list (not once per space), so a list costs
     * the same few queries however long it is.
     */
    public List<SpaceInfo> infos(List<Space> list) {
        if (list.size() <= 1) {
            return list.stream().map(this::info).toList();
        }
        Map<String, Template> byId = new HashMap<>();
        templates.list().forEach(template -> byId.put(template.id(), template));
        Map<String, String> usernames = new HashMap<>();
        users.list().forEach(user -> usernames.put(user.id(), user.username()));
        return list.stream().map(space -> info(space, Optional.ofNullable(byId.get(space.templateId())),
                usernames.getOrDefault(space.userId(), ""))).toList();
    }

    public SpaceInfo info(Space space) {
        return info(space, templates.findById(space.templateId()),
                users.findById(space.userId()).map(user -> user.username()).orElse(""));
    }

    private SpaceInfo info(Space space, Optional<Template> template, String username) {
        boolean engineBound = space.state() == SpaceState.RUNNING || space.state() == SpaceState.PAUSED
                || space.state().isPending();
        if (engineBound && !runtimeAvailable.getAsBoolean()) {
            return unknown(known(space, template, username), space);
        }
        return known(space, template, username);
    }

    /** While the engine does not answer, a space said to run may not: its state is unknown, and the answer says so. */
    private static SpaceInfo unknown(SpaceInfo known, Space space) {
        return new SpaceInfo(known.id(), known.name(), known.description(), known.templateId(), known.templateName(),
                known.userId(), known.username(), known.shares(), known.dependsOn(), known.shell(), known.platform(),
                known.zone(), false, false, false, "", known.createdAt(), known.altNames(), known.iconUrl(),
                known.customFields(), known.startupScriptId(), known.stack(), known.updateAvailable(), "unknown",
                known.ports(), false, "The engine does not answer; the space was "
                        + space.state().name().toLowerCase(Locale.ROOT) + " when it last did.");
    }

    private SpaceInfo known(Space space, Optional<Template> template, String username) {
        boolean running = space.state() == SpaceState.RUNNING;
        return new SpaceInfo(space.id(), space.name(), space.description(), space.templateId(),
                template.map(Template::name).orElse(""), space.userId(), username, spaces.sharesOf(space.id()),
                space.dependsOn(), space.shell().command(), platform, space.zone(), running, space.state().isPending(),
                space.state() == SpaceState.DELETING, running ? nodeHostname : "", space.createdAt().toString(),
                space.altNames(), space.iconUrl(),
                space.customFields().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(entry -> new CustomFieldValue(entry.getKey(), entry.getValue())).toList(),
                space.startupScriptId() == null ? "" : space.startupScriptId(), space.stack(),
                updateAvailable(space, template), space.state().name().toLowerCase(Locale.ROOT),
                template.map(this::ports).orElse(List.of()), !running || health.healthy(space.id()),
                running ? health.problem(space.id()).orElse("")
                        : space.state() == SpaceState.STOPPED ? health.stopReason(space.id()).orElse("") : "");
    }

    /** The wire form of a change, for the events stream. */
    public SpaceEvent event(SpaceChanged change) {
        Space space = change.space();
        SpaceState state = change.deleted() ? SpaceState.DELETING : change.after();
        String type = change.deleted() ? "deleted" : change.created() ? "created" : "changed";
        boolean healthy = state != SpaceState.RUNNING || health.healthy(space.id());
        String detail = !change.detail().isEmpty() ? change.detail()
                : !healthy ? health.problem(space.id()).orElse("")
                : state == SpaceState.STOPPED ? health.stopReason(space.id()).orElse("") : "";
        return new SpaceEvent(change.id(), type, space.id(), space.name(), lower(state),
                change.before() == null ? null : lower(change.before()), state == SpaceState.RUNNING,
                state.isPending(), !change.deleted() && updateAvailable(space, templates.findById(space.templateId())),
                healthy, change.actor(), change.time().toString(), detail);
    }

    private static String lower(SpaceState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** Started with an older template hash than the template has now. Never-started spaces are up to date. */
    static boolean updateAvailable(Space space, Optional<Template> template) {
        return space.appliedTemplateHash() != null && template.isPresent()
                && !template.get().hash().equals(space.appliedTemplateHash());
    }

    /** A template's ports, parsed once per template version (a list of spaces would parse YAML per space). */
    private List<Port> ports(Template template) {
        return portsByHash.computeIfAbsent(template.hash(), hash -> parser.portsOf(template.spec()).stream()
                .map(port -> new Port(port.name(), port.port())).toList());
    }
}
