package dev.warren.server.spaces;

import dev.warren.core.model.EgressPolicy;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.spec.TemplateSpec;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.runtime.SpaceSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a space, its template and its owner into what a runtime starts: template variables resolved, the space's
 * identity (id, name, server, token) in its environment. Pure apart from the token, which is made only when needed.
 */
public final class SpaceSpecs {
    private static final String CLI_PATH =
            "/opt/warren/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Where a space reaches the server, whether the in-space CLI is mounted, and the zone. */
    public record Settings(String spaceServerUrl, boolean cliMounted, String zone) {}

    private final TemplateSpecParser parser;
    private final Settings settings;

    public SpaceSpecs(TemplateSpecParser parser, Settings settings) {
        this.parser = parser;
        this.settings = settings;
    }

    public SpaceSpec of(Space space, Template template, User owner, String spaceToken) {
        TemplateSpec spec = parser.parse(template.spec(), variables(space, template, owner));
        Map<String, String> env = new HashMap<>(spec.environment());
        env.putAll(identity(space, spaceToken));
        return new SpaceSpec(space.id(), space.userId(), spec.image(), spec.command(), env,
                spec.hostname().isBlank() ? space.name() : spec.hostname(), spec.workdir(), spec.user(),
                spec.volumes(), spec.memoryBytes(), spec.nanoCpus(), spec.capAdd(), spec.capDrop(),
                spec.privileged(), 0, 0, EgressPolicy.ALLOW_ALL);
    }

    private Map<String, String> identity(Space space, String token) {
        Map<String, String> env = new HashMap<>();
        env.put("WARREN_SPACE_ID", space.id());
        env.put("WARREN_SPACE_NAME", space.name());
        env.put("WARREN_ZONE", settings.zone());
        env.put("WARREN_SERVER", settings.spaceServerUrl());
        env.put("WARREN_TOKEN", token);
        if (settings.cliMounted()) {
            env.put("PATH", CLI_PATH);
        }
        return env;
    }

    static Map<String, String> variables(Space space, Template template, User owner) {
        Map<String, String> values = new HashMap<>();
        values.put("user.service_password", owner.servicePassword());
        values.put("user.username", owner.username());
        values.put("user.email", owner.email());
        values.put("user.id", owner.id());
        values.put("user.timezone", owner.timezone());
        values.put("space.name", space.name());
        values.put("space.id", space.id());
        values.put("template.name", template.name());
        values.put("template.id", template.id());
        space.customFields().forEach((name, value) -> values.put("custom." + name, value));
        return values;
    }

    /** The command list of a space's shell, falling back to sh when the image lacks it. */
    static List<String> shellCommand(String shell) {
        return List.of("/bin/sh", "-c", "if command -v " + shell + " >/dev/null 2>&1; then exec " + shell
                + " -l; else exec sh -l; fi");
    }
}
