package dev.warren.core;

import java.util.List;

/** Input is invalid (HTTP 400). Carries every field error found, not just the first. */
public final class ValidationException extends WarrenException {
    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.isEmpty() ? "The request is invalid." : errors.getFirst().message());
        this.errors = List.copyOf(errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
