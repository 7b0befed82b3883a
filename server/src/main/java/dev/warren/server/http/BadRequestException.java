package dev.warren.server.http;

import dev.warren.core.WarrenException;

/** The request itself is malformed (bad JSON, wrong content) rather than a field being invalid (HTTP 400). */
final class BadRequestException extends WarrenException {
    private final String detail;

    BadRequestException(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    String detail() {
        return detail;
    }
}
