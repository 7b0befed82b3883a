package dev.warren.core.model;

/**
 * Where a space is in its lifecycle. STARTING, STOPPING and DELETING are transitions in progress: after a crash
 * the reconciler finishes or undoes them so the store and the engine agree. PAUSED: its processes are frozen with
 * their memory (no CPU), until resumed; the runtime is the truth for it (the reconciler follows a container that is
 * frozen or thawed behind the store's back).
 */
public enum SpaceState {
    STOPPED, STARTING, RUNNING, STOPPING, DELETING, PAUSED;

    public boolean isPending() {
        return this == STARTING || this == STOPPING;
    }
}
