package dev.warren.runtime;

import dev.warren.core.EngineFailureException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A blocking call given a deadline: it runs on a virtual thread, which is interrupted when the time is up (an
 * interrupted channel closes, so the call ends). For probes of things that may hang: a stopped agent, a stuck engine.
 */
public final class Bounded {
    private Bounded() {}

    /**
     * The answer of {@code work}; its own failure as thrown; {@link EngineFailureException} naming {@code what} when it
     * takes longer than {@code limit}.
     */
    public static <T> T call(Supplier<T> work, Duration limit, String what) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread call = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(work.get());
            } catch (RuntimeException failed) {
                outcome.set(failed);
            }
        });
        try {
            if (!call.join(limit)) {
                call.interrupt();
                throw new EngineFailureException(what + " did not answer within " + limit.toMillis() + " ms.");
            }
        } catch (InterruptedException interrupted) {
            call.interrupt();
            Thread.currentThread().interrupt();
            throw new EngineFailureException("Interrupted while asking " + what + ".");
        }
        if (outcome.get() instanceof RuntimeException failed) {
            throw failed;
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome.get();
        return value;
    }
}
