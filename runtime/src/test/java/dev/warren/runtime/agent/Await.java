package dev.warren.runtime.agent;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Polls a condition until a deadline: the tests wait for state this way, never by sleeping a fixed time. */
final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

    private Await() {}

    static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Waited " + timeout.toMillis() + " ms for " + what + ".");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
