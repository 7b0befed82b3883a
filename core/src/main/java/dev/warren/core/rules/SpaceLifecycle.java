package dev.warren.core.rules;

import dev.warren.core.WrongStateException;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;

/** The explicit transitions of a space. Each check throws {@link WrongStateException} with a sentence. */
public final class SpaceLifecycle {
    private SpaceLifecycle() {}

    public static void requireRunning(Space space, String action) {
        if (space.state() == SpaceState.PAUSED) {
            throw new WrongStateException("Cannot " + action + " space '" + space.name() + "': it is paused;"
                    + " resume it first.");
        }
        if (space.state() != SpaceState.RUNNING) {
            throw new WrongStateException("Cannot " + action + " space '" + space.name() + "': it is "
                    + describe(space.state()) + ", not running.");
        }
    }

    public static void requireStopped(Space space, String action) {
        if (space.state() != SpaceState.STOPPED) {
            throw new WrongStateException("Cannot " + action + " space '" + space.name() + "' while it is "
                    + describe(space.state()) + "; stop it first.");
        }
    }

    public static void requireNotBusy(Space space, String action) {
        if (space.state().isPending() || space.state() == SpaceState.DELETING) {
            throw new WrongStateException("Cannot " + action + " space '" + space.name() + "' while it is "
                    + describe(space.state()) + ".");
        }
    }

    public static String describe(SpaceState state) {
        return switch (state) {
            case STOPPED -> "stopped";
            case STARTING -> "starting";
            case RUNNING -> "running";
            case STOPPING -> "stopping";
            case DELETING -> "being deleted";
            case PAUSED -> "paused";
        };
    }
}
