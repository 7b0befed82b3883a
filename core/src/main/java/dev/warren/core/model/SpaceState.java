package dev.warren.core.model;

/**
 * Where a space is in its lifecycle. STARTING, STOPPING and DELETING are transitions in progress: after a crash
 * the reconciler finishes or undoes them so the store and the engine agree.
 */
public enum SpaceState {
    STOPPED, STARTING, RUNNING, STOPPING, DELETING;

    public boolean isPending() {
        return this == STARTING || this == STOPPING;
    }
}
