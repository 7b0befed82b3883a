package dev.warren.core;

/** The thing is missing, or the caller may not see it (HTTP 404: never leak existence). */
public final class NotFoundException extends WarrenException {
    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException space(String nameOrId) {
        return new NotFoundException("No space named or with id '" + nameOrId + "' was found.");
    }
}
