package dev.warren.core;

/** The thing exists but its state forbids the action, e.g. deleting a running space (HTTP 423). */
public final class WrongStateException extends WarrenException {
    public WrongStateException(String message) {
        super(message);
    }
}
