package dev.warren.server.scripts;

import dev.warren.client.wire.Scripts.ScriptRequest;
import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.Script;
import dev.warren.core.rules.Validator;
import dev.warren.server.auth.Secrets;
import dev.warren.store.ScriptStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Script CRUD: admins write, every user reads and runs. Thread-safe. */
public final class ScriptService {
    private final ScriptStore scripts;
    private final Secrets secrets;
    private final Clock clock;

    public ScriptService(ScriptStore scripts, Secrets secrets, Clock clock) {
        this.scripts = scripts;
        this.secrets = secrets;
        this.clock = clock;
    }

    public List<Script> list() {
        return scripts.list();
    }

    public Script get(String nameOrId) {
        return scripts.findByName(nameOrId).or(() -> scripts.findById(nameOrId))
                .orElseThrow(() -> new NotFoundException("No script named or with id '" + nameOrId + "' was found."));
    }

    public Script create(ScriptRequest request) {
        validate(request);
        if (scripts.findByName(request.name()).isPresent()) {
            throw new ConflictException("A script named '" + request.name() + "' already exists.");
        }
        Instant now = clock.instant();
        Script script = new Script(secrets.id(), request.name(), orEmpty(request.description()), request.content(),
                now, now);
        scripts.insert(script);
        return script;
    }

    public Script update(String nameOrId, ScriptRequest request) {
        Script existing = get(nameOrId);
        validate(request);
        scripts.findByName(request.name()).filter(other -> !other.id().equals(existing.id())).ifPresent(other -> {
            throw new ConflictException("A script named '" + request.name() + "' already exists.");
        });
        Script updated = new Script(existing.id(), request.name(), orEmpty(request.description()), request.content(),
                existing.createdAt(), clock.instant());
        scripts.update(updated);
        return updated;
    }

    public void delete(String nameOrId) {
        scripts.delete(get(nameOrId).id());
    }

    private static void validate(ScriptRequest request) {
        new Validator().name("name", request.name())
                .text("description", request.description(), 2000)
                .required("content", request.content())
                .maxLength("content", request.content(), 64 * 1024)
                .throwIfInvalid();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
