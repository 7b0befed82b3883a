package dev.warren.core.spec;

/** The spec is invalid; the message says what is wrong, as a sentence. */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }
}
