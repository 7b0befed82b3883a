package dev.warren.core;

/** The request clashes with existing data, e.g. a duplicate name (HTTP 409). */
public final class ConflictException extends WarrenException {
    public ConflictException(String message) {
        super(message);
    }
}
