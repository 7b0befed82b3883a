package dev.warren.server.http;

import dev.warren.core.WarrenException;

/** The request body is larger than the configured limit (HTTP 413). */
final class PayloadTooLargeException extends WarrenException {
    PayloadTooLargeException(String message) {
        super(message);
    }
}
