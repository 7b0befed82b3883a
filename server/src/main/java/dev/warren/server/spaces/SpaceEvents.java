package dev.warren.server.spaces;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The queue of {@link SpaceChanged} events. {@link #publish} only enqueues (it never blocks on a subscriber, so it
 * may be called under a space's lock); one dispatcher thread hands events to every subscriber in publication
 * order. A subscriber that throws is dropped (a closed browser stream); the others keep receiving. Thread-safe.
 */
public final class SpaceEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceEvents.class);

    private final Set<Consumer<SpaceChanged>> subscribers = new CopyOnWriteArraySet<>();
    private final BlockingQueue<SpaceChanged> queue = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    private final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
    private long dispatched; // guarded by this

    public SpaceEvents() {
        dispatcher = Thread.ofPlatform().name("warren-space-events").daemon(true).start(this::dispatch);
    }

    /** Adds a subscriber; the returned action removes it. */
    public Runnable subscribe(Consumer<SpaceChanged> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Enqueues the event; returns at once. */
    public void publish(SpaceChanged event) {
        published.incrementAndGet();
        queue.add(event);
    }

    /**
     * Waits (at most {@code limit}) until every event published before this call has been handed to every
     * subscriber. An API call that changed a space waits for this before it answers, outside any space lock, so
     * what subscribers do at once (the in-space API bridge opening with a start, forwards dropped with a transfer)
     * is done when the caller hears back — while publishing itself never waits.
     */
    public void awaitDelivered(java.time.Duration limit) {
        long target = published.get();
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (dispatched < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Space events are {} behind after {} ms.", target - dispatched, limit.toMillis());
                    return;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void dispatch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                SpaceChanged event = queue.take();
                for (Consumer<SpaceChanged> subscriber : subscribers) {
                    try {
                        subscriber.accept(event);
                    } catch (RuntimeException gone) {
                        LOG.debug("Dropping a space event subscriber: {}", gone.toString());
                        subscribers.remove(subscriber);
                    }
                }
                synchronized (this) {
                    dispatched++;
                    notifyAll();
                }
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        dispatcher.interrupt();
    }
}
