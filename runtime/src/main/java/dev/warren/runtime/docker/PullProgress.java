package dev.warren.runtime.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Passes an image pull's progress lines on, at most a few a second: a pull reports per layer and per chunk, and
 * every line becomes an event to every browser watching the space. Each line is also logged at debug level.
 */
final class PullProgress implements Consumer<String> {
    private static final Logger LOG = LoggerFactory.getLogger(PullProgress.class);
    private static final long MIN_GAP_NANOS = 250_000_000L;

    private final String image;
    private final Consumer<String> target;
    private long lastSent = System.nanoTime() - MIN_GAP_NANOS;

    PullProgress(String image, Consumer<String> target) {
        this.image = image;
        this.target = target;
    }

    @Override
    public void accept(String line) {
        LOG.debug("pull {}: {}", image, line);
        long now = System.nanoTime();
        if (now - lastSent >= MIN_GAP_NANOS) {
            lastSent = now;
            target.accept("Pulling " + image + ": " + line);
        }
    }
}
