package dev.warren.server.spaces;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per space, so two lifecycle changes of the same space never interleave (start racing delete, say).
 * Reentrant: starting a space may start its dependencies, each under its own lock, in dependency order.
 */
public final class SpaceLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T with(String spaceId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(spaceId, ignored -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** True when someone holds the space's lock right now (the reconciler skips such spaces). */
    public boolean isBusy(String spaceId) {
        ReentrantLock lock = locks.get(spaceId);
        return lock != null && lock.isLocked() && !lock.isHeldByCurrentThread();
    }

    public void forget(String spaceId) {
        locks.remove(spaceId);
    }
}
