package dev.warren.server.spaces;

import dev.warren.core.ValidationException;
import dev.warren.core.model.EgressPolicy;
import dev.warren.core.model.Sandbox;
import dev.warren.core.rules.EgressNarrowing;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.spec.Capabilities;
import dev.warren.core.spec.ResourceLimits;
import dev.warren.core.spec.SpecException;
import dev.warren.core.spec.TemplateSpec;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.runtime.SharedMount;
import dev.warren.runtime.SpaceSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a space, its template and its owner into what a runtime starts: template variables resolved, the space's
 * identity (id, name, server, token) in its environment. Pure apart from the token, which is made only when needed.
 */
public final class SpaceSpecs {
    /** The default work tree of a sandbox (the seed's path contract). */
    public static final String SANDBOX_WORKDIR = "/workspace";
    private static final String CLI_PATH =
            "/opt/warren/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * Where a space reaches the server, whether the in-space CLI is mounted, the zone, and the limits a space gets
     * when its template sets none ({@code defaults}) or the most it may get ({@code maximum}; 0: no maximum).
     */
    public record Settings(String spaceServerUrl, boolean cliMounted, String zone, ResourceLimits defaults,
            ResourceLimits maximum) {
        public Settings(String spaceServerUrl, boolean cliMounted, String zone) {
            this(spaceServerUrl, cliMounted, zone, ResourceLimits.NONE, ResourceLimits.NONE);
        }
    }

    private final TemplateSpecParser parser;
    private final Settings settings;
    /** The egress policy a space's owner set to narrow the template's, if any (ADR 0006). */
    private final Function<String, Optional<EgressPolicy>> egressOverrides;
    private final Function<String, Optional<Sandbox>> sandboxes;
    /** The users' volumes a space (by id) mounts, in the runtime's words (server.volumes). */
    private final Function<String, List<SharedMount>> sharedVolumes;
    /** The snapshot a sandbox (by id) was made from, whose files it starts with (server.snapshots). */
    private final Function<String, Optional<String>> snapshots;

    public SpaceSpecs(TemplateSpecParser parser, Settings settings) {
        this(parser, settings, spaceId -> Optional.empty());
    }

    /** @param egressOverrides the owner's own egress policy of a space (by id), narrowing the template's */
    public SpaceSpecs(TemplateSpecParser parser, Settings settings,
            Function<String, Optional<EgressPolicy>> egressOverrides) {
        this(parser, settings, egressOverrides, spaceId -> Optional.empty());
    }

    /** @param sandboxes the sandbox side of a space (by id), whose environment variables and work tree it gets */
    public SpaceSpecs(TemplateSpecParser parser, Settings settings,
            Function<String, Optional<EgressPolicy>> egressOverrides, Function<String, Optional<Sandbox>> sandboxes) {
        this(parser, settings, egressOverrides, sandboxes, spaceId -> List.of());
    }

    /** @param sharedVolumes the users' volumes a space (by id) mounts */
    public SpaceSpecs(TemplateSpecParser parser, Settings settings,
            Function<String, Optional<EgressPolicy>> egressOverrides, Function<String, Optional<Sandbox>> sandboxes,
            Function<String, List<SharedMount>> sharedVolumes) {
        this(parser, settings, egressOverrides, sandboxes, sharedVolumes, spaceId -> Optional.empty());
    }

    /** @param snapshots the snapshot a sandbox (by id) was made from */
    public SpaceSpecs(TemplateSpecParser parser, Settings settings,
            Function<String, Optional<EgressPolicy>> egressOverrides, Function<String, Optional<Sandbox>> sandboxes,
            Function<String, List<SharedMount>> sharedVolumes, Function<String, Optional<String>> snapshots) {
        this.snapshots = snapshots;
        this.sharedVolumes = sharedVolumes;
        this.parser = parser;
        this.settings = settings;
        this.egressOverrides = egressOverrides;
        this.sandboxes = sandboxes;
    }

    /** The paths the space's template mounts its own volumes at, with this space's values (server.volumes). */
    public java.util.Collection<String> templateVolumePaths(Space space, Template template, User owner) {
        return resolved(space, template, owner).volumes().values();
    }

    /** The egress policy of the space's template, with this space's values. */
    public EgressPolicy templateEgress(Space space, Template template, User owner) {
        return resolved(space, template, owner).egress();
    }

    public SpaceSpec of(Space space, Template template, User owner, String spaceToken) {
        return of(space, template, owner, spaceToken, sandboxes.apply(space.id()));
    }

    /**
     * A space started ahead for sandbox creates (a warm pool member): shaped like a sandbox (its work tree) but
     * without a sandbox's own variables, which reach its processes once claimed.
     */
    public SpaceSpec ofPooledSandbox(Space space, Template template, User owner) {
        return of(space, template, owner, "", Optional.of(new Sandbox(space.id(), space.createdAt(),
                java.time.Duration.ZERO, java.time.Duration.ZERO, Sandbox.TimeoutAction.KILL, false, Map.of(),
                Map.of(), true, space.createdAt())));
    }

    private SpaceSpec of(Space space, Template template, User owner, String spaceToken, Optional<Sandbox> sandbox) {
        TemplateSpec spec = resolved(space, template, owner);
        Map<String, String> env = new HashMap<>(spec.environment());
        sandbox.ifPresent(found -> env.putAll(found.environment())); // names under WARREN_ are refused at create
        env.putAll(identity(space, spaceToken));
        ResourceLimits limits = spec.limits().orElse(settings.defaults());
        // A sandbox works in /workspace unless its template says otherwise (the engine creates the directory).
        String workdir = sandbox.isPresent() && spec.workdir().isBlank() ? SANDBOX_WORKDIR : spec.workdir();
        return new SpaceSpec(space.id(), space.userId(), spec.image(), spec.command(), env,
                spec.hostname().isBlank() ? space.name() : spec.hostname(), workdir, spec.user(),
                spec.volumes(), limits.memoryBytes(), limits.nanoCpus(), spec.capAdd(),
                Capabilities.dropped(spec.capAdd(), spec.capDrop()), spec.privileged(), limits.pids(),
                limits.nofile(), EgressNarrowing.effective(spec.egress(),
                        egressOverrides.apply(space.id()).orElse(null)), sharedVolumes.apply(space.id()),
                snapshots.apply(space.id()));
    }

    /**
     * The template's spec with this space's values, checked again now that the variables have values (a custom
     * field may hold anything) and against the current maxima (lowered since the template was saved, perhaps).
     * Refused with a sentence naming the template, before anything starts.
     */
    private TemplateSpec resolved(Space space, Template template, User owner) {
        TemplateSpec spec;
        try {
            spec = parser.parse(template.spec(), variables(space, template, owner));
        } catch (SpecException invalid) {
            throw ValidationException.of("template", "The space '" + space.name() + "' cannot start with template '"
                    + template.name() + "' and its values: " + invalid.getMessage());
        }
        List<String> over = spec.limits().exceeding(settings.maximum());
        if (!over.isEmpty()) {
            throw ValidationException.of("template", "The space '" + space.name() + "' cannot start: in template '"
                    + template.name() + "', " + lowerFirst(over.getFirst()));
        }
        return spec;
    }

    private static String lowerFirst(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
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
