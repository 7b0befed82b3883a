package dev.warren.core;

/**
 * The caller can see the thing but may not do this to it (HTTP 403), e.g. a user a space is shared with
 * asking to delete it. Things the caller may not see at all are {@link NotFoundException} instead.
 */
public final class ForbiddenException extends WarrenException {
    public ForbiddenException(String message) {
        super(message);
    }
}
