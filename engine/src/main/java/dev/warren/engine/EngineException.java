package dev.warren.engine;

/** An engine operation failed; the message is a sentence saying which operation and why. */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
