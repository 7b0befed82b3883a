package dev.warren.server.health;

import dev.warren.client.wire.Health;
import dev.warren.runtime.Bounded;
import dev.warren.runtime.SpaceRuntime;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Asks the store and the runtime whether they answer, each bounded in time (a hung engine must not hang a probe),
 * and remembers the answer for a second so probes and pages do not hammer them. Thread-safe.
 */
public final class Readiness {
    private static final Duration LIMIT = Duration.ofSeconds(2);
    private static final Duration FRESH = Duration.ofSeconds(1);

    private record Checked(Instant at, Health health, boolean runtimeUp) {}

    private final Jdbi store;
    private final String storeName;
    private final SpaceRuntime runtime;
    private final String version;
    private final Clock clock;
    private final AtomicReference<Checked> last = new AtomicReference<>();

    public Readiness(Jdbi store, String storeName, SpaceRuntime runtime, String version, Clock clock) {
        this.store = store;
        this.storeName = storeName;
        this.runtime = runtime;
        this.version = version;
        this.clock = clock;
    }

    /** The readiness answer: ok only when the store and the runtime answer. */
    public Health health() {
        return current().health();
    }

    /** Whether the runtime answered at the last check (at most a second old). */
    public boolean runtimeAvailable() {
        return current().runtimeUp();
    }

    private Checked current() {
        Checked known = last.get();
        Instant now = clock.instant();
        if (known != null && known.at().plus(FRESH).isAfter(now)) {
            return known;
        }
        List<String> down = new ArrayList<>();
        String engine = bounded(runtime::describe, "the runtime", down);
        bounded(() -> store.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one()),
                "the store (" + storeName + ")", down);
        Checked checked = new Checked(now, new Health(down.isEmpty() ? "ok" : "unavailable", version,
                engine == null ? "" : engine, storeName, down), engine != null);
        last.set(checked);
        return checked;
    }

    /** The answer of {@code check}, or null with a sentence in {@code down} when it fails or takes too long. */
    private static <T> T bounded(Supplier<T> check, String what, List<String> down) {
        try {
            return Bounded.call(check, LIMIT, what);
        } catch (RuntimeException failed) {
            down.add(what + ": " + failed.getMessage());
            return null;
        }
    }
}
