package dev.warren.core;

/** The container engine failed or is unreachable (HTTP 502/503); the message says which action failed. */
public final class EngineFailureException extends WarrenException {
    public EngineFailureException(String message) {
        this(message, null);
    }

    public EngineFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
