package dev.warren.server.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for state in tests: the condition is asked again and again (a short pause between asks) until it holds or
 * the deadline passes, which fails the test naming what never happened. One place for every test's polling.
 */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(20);

    private Poll() {}

    public static void until(String what, Duration limit, BooleanSupplier condition) {
        until(() -> what, limit, condition);
    }

    public static void until(Supplier<String> what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + limit.toSeconds() + " s waiting until " + what.get());
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
            if (Thread.interrupted()) {
                throw new AssertionError("Interrupted while waiting until " + what.get());
            }
        }
    }
}
