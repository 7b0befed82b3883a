package dev.warren.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, asking again with a short growing pause. */
public final class Poll {
    private Poll() {
    }

    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        until(deadline, () -> what, condition);
    }

    /** As above, with a description computed at failure time, e.g. to show what was seen instead. */
    public static void until(Duration deadline, java.util.function.Supplier<String> what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(deadline);
        long pause = 5;
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Waited " + deadline.toSeconds() + " s for " + what.get() + ", in vain.");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what.get(), e);
            }
            pause = Math.min(pause * 2, 200);
        }
    }
}
