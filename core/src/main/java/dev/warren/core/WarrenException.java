package dev.warren.core;

/** Base of the errors a user may see; the message is a full sentence safe to show. */
public abstract class WarrenException extends RuntimeException {
    protected WarrenException(String message) {
        super(message);
    }

    protected WarrenException(String message, Throwable cause) {
        super(message, cause);
    }
}
