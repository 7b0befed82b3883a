package dev.warren.server.spaces;

import dev.warren.core.model.Script;
import dev.warren.core.model.Space;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.runtime.agent.AgentProcess;
import dev.warren.runtime.agent.ProcessRequest;
import dev.warren.store.ScriptStore;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A space's startup script (knot's {@code startup_script_id}): after every start it is copied into the space and run
 * in the background as the space's user, so the start does not wait for it. Its output and exit code are those of a
 * background process ({@code GET /api/spaces/{space}/processes}).
 */
public final class StartupScripts {
    private final ScriptStore scripts;
    private final SpaceRuntime runtime;
    private final ProcessEnvironment environment;

    public StartupScripts(ScriptStore scripts, SpaceRuntime runtime) {
        this(scripts, runtime, ProcessEnvironment.NONE);
    }

    /** @param environment what every process of a space gets on top of its container's environment */
    public StartupScripts(ScriptStore scripts, SpaceRuntime runtime, ProcessEnvironment environment) {
        this.scripts = scripts;
        this.runtime = runtime;
        this.environment = environment;
    }

    /** Starts the space's startup script, if it has one; returns its pid. Throws when it cannot start. */
    Optional<Integer> launch(Space space) {
        if (space.startupScriptId() == null || space.startupScriptId().isBlank()) {
            return Optional.empty();
        }
        Optional<Script> script = scripts.findById(space.startupScriptId());
        if (script.isEmpty()) {
            return Optional.empty(); // deleted since: the store clears the reference
        }
        String path = "/tmp/.warren-startup-" + script.get().id();
        byte[] content = script.get().content().getBytes(StandardCharsets.UTF_8);
        var agent = runtime.agent(space.id());
        agent.write(path, new ByteArrayInputStream(content), 0755);
        // Executed directly, so a shebang line picks the interpreter; without one, sh runs it.
        try (AgentProcess process = agent.start(new ProcessRequest(List.of("/bin/sh", "-c",
                "\"$0\"; s=$?; rm -f \"$0\"; exit $s", path), environment.of(space.id()), null, null, null, true,
                false))) {
            return Optional.of(process.pid());
        }
    }
}
