package dev.warren.client.wire;

import java.util.List;

/**
 * Every error answer: {@code error} is a sentence for people, {@code detail} adds context, {@code validations}
 * names each invalid field, {@code correlation_id} ties a 500 to the server log.
 */
public record ErrorResponse(String error, String detail, List<Validation> validations, String correlationId) {
    public record Validation(String field, String message) {}
}
