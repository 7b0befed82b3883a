package dev.warren.server.sandboxes;

import dev.warren.client.wire.Sandboxes.SandboxInfo;
import dev.warren.client.wire.Sandboxes.SandboxPage;
import dev.warren.core.model.Sandbox;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Sandboxes as the API shows them. Reads the store for template and owner names; never touches the runtime. */
public final class SandboxViews {
    private final TemplateStore templates;
    private final UserStore users;
    private final SandboxService.PortUrlForm portUrls;

    public SandboxViews(TemplateStore templates, UserStore users, SandboxService.PortUrlForm portUrls) {
        this.templates = templates;
        this.users = users;
        this.portUrls = portUrls;
    }

    public SandboxInfo info(Space space, Sandbox sandbox) {
        String templateName = templates.findById(space.templateId()).map(Template::name).orElse("");
        String username = users.findById(space.userId()).map(User::username).orElse("");
        return new SandboxInfo(space.id(), space.name(), space.templateId(), templateName, space.userId(), username,
                space.state().name().toLowerCase(Locale.ROOT), sandbox.metadata(),
                List.copyOf(new TreeSet<>(sandbox.environment().keySet())),
                sandbox.onTimeout().name().toLowerCase(Locale.ROOT), sandbox.autoResume(), sandbox.secure(),
                sandbox.createdAt().toString(), sandbox.endsAt().toString(), portUrls.of(space.id()),
                sandbox.timeout().toSeconds(), sandbox.idleTimeout().toSeconds());
    }

    /** One page of the sandboxes among {@code visible} that match the query, oldest first. */
    SandboxPage page(List<Space> visible, Map<String, Sandbox> sandboxes, SandboxQuery query) {
        List<Space> matching = new ArrayList<>();
        for (Space space : visible) {
            Sandbox sandbox = sandboxes.get(space.id());
            if (sandbox != null && matches(space, sandbox, query) && after(sandbox, query.after())) {
                matching.add(space);
            }
        }
        matching.sort(Comparator.comparing((Space space) -> sandboxes.get(space.id()).createdAt())
                .thenComparing(Space::id));
        List<SandboxInfo> page = new ArrayList<>();
        for (Space space : matching.subList(0, Math.min(query.limit(), matching.size()))) {
            page.add(info(space, sandboxes.get(space.id())));
        }
        String next = null;
        if (matching.size() > query.limit()) {
            Space last = matching.get(query.limit() - 1);
            next = new SandboxQuery.Position(sandboxes.get(last.id()).createdAt().toEpochMilli(), last.id()).encode();
        }
        return new SandboxPage(page, next);
    }

    private static boolean matches(Space space, Sandbox sandbox, SandboxQuery query) {
        for (Map.Entry<String, String> wanted : query.metadata().entrySet()) {
            if (!wanted.getValue().equals(sandbox.metadata().get(wanted.getKey()))) {
                return false;
            }
        }
        return query.states().isEmpty() || query.states().contains(space.state().name().toLowerCase(Locale.ROOT));
    }

    private static boolean after(Sandbox sandbox, SandboxQuery.Position position) {
        if (position == null) {
            return true;
        }
        long created = sandbox.createdAt().toEpochMilli();
        return created > position.createdAtMillis()
                || created == position.createdAtMillis() && sandbox.spaceId().compareTo(position.id()) > 0;
    }
}
