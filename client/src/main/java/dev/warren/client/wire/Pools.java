package dev.warren.client.wire;

/** Warm pools of templates: started spaces waiting for sandbox creates (docs/POOLS.md). */
public final class Pools {
    private Pools() {}

    /**
     * A template's pool: {@code size} started spaces kept waiting per owner who creates sandboxes from it (0: no
     * pool), at most {@code max} members of the template at once, each waiting at most {@code idle_lifetime} seconds.
     */
    public record PoolRequest(Integer size, Integer max, Long idleLifetime) {}

    /** The pool now: its settings, members {@code ready} and {@code starting}, and claims served or not since start. */
    public record PoolInfo(String templateId, String templateName, int size, int max, long idleLifetime, int ready,
            int starting, long hits, long misses) {}
}
