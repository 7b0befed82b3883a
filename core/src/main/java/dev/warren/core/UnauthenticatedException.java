package dev.warren.core;

/** No valid credentials were given (HTTP 401). */
public final class UnauthenticatedException extends WarrenException {
    public UnauthenticatedException(String message) {
        super(message);
    }
}
