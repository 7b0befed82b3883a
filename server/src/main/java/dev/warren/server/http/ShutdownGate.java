package dev.warren.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets requests in flight finish when the server is asked to stop: once closing, new requests are refused with 503
 * and a sentence (clients retry elsewhere or later), and {@link #awaitIdle} waits, bounded, for the others. Streams
 * (process output, events, terminals) are long by nature: they are not waited for but closed with a reason.
 * Thread-safe.
 */
final class ShutdownGate {
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** A before-handler: counts the request, or refuses it while closing. */
    void enter(Context ctx) {
        if (closing.get()) {
            ctx.header("Retry-After", "5");
            throw new HttpResponseException(503, "The server is shutting down; try again in a few seconds.");
        }
        inFlight.incrementAndGet();
        ctx.attribute(ShutdownGate.class.getName(), Boolean.TRUE);
    }

    /** An after-handler: the request is done. */
    void leave(Context ctx) {
        if (ctx.attribute(ShutdownGate.class.getName()) != null) {
            ctx.attribute(ShutdownGate.class.getName(), null);
            inFlight.decrementAndGet();
        }
    }

    /** Requests still being served (streams included). */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Refuses new requests from now and waits until at most {@code streams} requests are still in flight (the open
     * streams, which are closed next) or {@code grace} has passed. Returns how many were still in flight.
     */
    int awaitIdle(Duration grace, int streams) {
        closing.set(true);
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > streams && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inFlight.get();
    }
}
