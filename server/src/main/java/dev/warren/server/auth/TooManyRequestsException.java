package dev.warren.server.auth;

import dev.warren.core.WarrenException;

/** Too many failed logins from this client for this user (HTTP 429). */
public final class TooManyRequestsException extends WarrenException {
    public TooManyRequestsException(String message) {
        super(message);
    }
}
