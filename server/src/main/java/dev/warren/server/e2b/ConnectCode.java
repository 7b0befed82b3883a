package dev.warren.server.e2b;

import java.util.Locale;

/**
 * The Connect protocol's error codes (connectrpc.com/docs/protocol#error-codes), with the HTTP status a unary
 * answer carries for each. E2B's SDKs turn them into their error classes: {@code not_found} into NotFoundError (or
 * FileNotFoundError), {@code invalid_argument} into InvalidArgumentError, {@code unauthenticated} into
 * AuthenticationError, {@code unavailable} into TimeoutError ("likely due to sandbox timeout"),
 * {@code deadline_exceeded} into TimeoutError.
 */
public enum ConnectCode {
    CANCELED(499), UNKNOWN(500), INVALID_ARGUMENT(400), DEADLINE_EXCEEDED(504), NOT_FOUND(404), ALREADY_EXISTS(409),
    PERMISSION_DENIED(403), RESOURCE_EXHAUSTED(429), FAILED_PRECONDITION(400), ABORTED(409), OUT_OF_RANGE(400),
    UNIMPLEMENTED(501), INTERNAL(500), UNAVAILABLE(503), DATA_LOSS(500), UNAUTHENTICATED(401);

    private final int httpStatus;

    ConnectCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code as the protocol spells it: {@code not_found}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
