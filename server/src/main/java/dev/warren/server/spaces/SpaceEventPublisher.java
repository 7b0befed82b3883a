package dev.warren.server.spaces;

import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.store.SpaceStore;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Builds {@link SpaceChanged} events (number, time, audience) and puts them on the queue. Thread-safe. */
public final class SpaceEventPublisher {
    private final SpaceEvents events;
    private final SpaceStore spaces;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public SpaceEventPublisher(SpaceEvents events, SpaceStore spaces, Clock clock) {
        this.events = events;
        this.spaces = spaces;
        this.clock = clock;
    }

    /** {@code before} null: just created; {@code after} null: deleted. */
    public void changed(Space space, SpaceState before, SpaceState after, String actor, String detail) {
        changed(space, before, after, actor, detail, audienceOf(space));
    }

    /** With the audience taken earlier: a deleted space has no shares left to read. */
    public void changed(Space space, SpaceState before, SpaceState after, String actor, String detail,
            Set<String> audience) {
        events.publish(new SpaceChanged(sequence.incrementAndGet(), space, before, after,
                actor == null || actor.isBlank() ? SpaceChanged.SYSTEM : actor, clock.instant(), detail, audience));
    }

    /** The owner and the users the space is shared with, now. */
    public Set<String> audienceOf(Space space) {
        Set<String> audience = new HashSet<>(spaces.sharesOf(space.id()));
        audience.add(space.userId());
        return audience;
    }

    /** Progress of a change under way (an image pull): the state does not change. */
    public void progress(Space space, String actor, String detail) {
        changed(space, space.state(), space.state(), actor, detail);
    }
}
