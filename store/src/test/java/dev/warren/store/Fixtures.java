package dev.warren.store;

import dev.warren.core.model.ApiToken;
import dev.warren.core.model.CustomFieldDefinition;
import dev.warren.core.model.PortForward;
import dev.warren.core.model.Role;
import dev.warren.core.model.Script;
import dev.warren.core.model.Shell;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.model.WebSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Records for the store tests; instants are whole milliseconds, as the store keeps them. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private Fixtures() {}

    static String id() {
        return UUID.randomUUID().toString();
    }

    static User user(String username) {
        return new User(id(), username, username + "@example.com", "hash-" + username, Set.of(Role.USER), true,
                Shell.BASH, "Europe/Berlin", "service-" + username, T0);
    }

    static Template template(String name) {
        return new Template(id(), name, "Template " + name, "https://icons.example/" + name + ".svg",
                "image: debian\n", List.of(new CustomFieldDefinition("region", "Where it runs")), true,
                "hash-" + name, T0, T0.plusSeconds(1));
    }

    static Space space(User owner, Template template, String name) {
        return new Space(id(), name, "Space " + name, template.id(), owner.id(), Shell.ZSH, null, List.of(),
                List.of(), null, Map.of(), SpaceState.STOPPED, null, null, null, null, T0, T0);
    }

    static Script script(String name) {
        return new Script(id(), name, "Script " + name, "#!/bin/sh\necho " + name + "\n", T0, T0.plusSeconds(2));
    }

    static ApiToken token(User user, String spaceId, Instant createdAt) {
        return new ApiToken(id(), user.id(), "token " + createdAt, "hash-" + id(), spaceId, null, createdAt, null);
    }

    static WebSession session(User user, Instant expiresAt) {
        return new WebSession("session-" + id(), user.id(), "csrf-" + id(), expiresAt, T0);
    }

    static PortForward forward(Space source, int localPort, Space target, int remotePort) {
        return new PortForward(source.id(), localPort, target.id(), remotePort, true, false);
    }
}
