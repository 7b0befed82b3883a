package dev.warren.server.spaces;

import dev.warren.client.wire.Spaces.SpaceEvent;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Pushes space state changes to subscribers (browsers on the events stream). Each event names the owner so the
 * stream delivers it only to users who may see the space. Thread-safe; a failing subscriber is dropped.
 */
public final class SpaceEvents {
    /** An event and the users allowed to see it (owner and shares); admins see all. */
    public record Delivery(SpaceEvent event, Set<String> audience) {}

    private final Set<Consumer<Delivery>> subscribers = new CopyOnWriteArraySet<>();

    public Runnable subscribe(Consumer<Delivery> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(Delivery delivery) {
        for (Consumer<Delivery> subscriber : subscribers) {
            try {
                subscriber.accept(delivery);
            } catch (RuntimeException gone) {
                subscribers.remove(subscriber);
            }
        }
    }
}
