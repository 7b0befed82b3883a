package dev.warren.client;

import dev.warren.client.wire.ErrorResponse;
import dev.warren.client.wire.ErrorResponse.Validation;

import java.util.List;

/**
 * A failed call to the warren server. The message is the server's sentence ({@code error}); {@link #status()},
 * {@link #detail()}, {@link #validations()} and {@link #correlationId()} carry the rest of its {@link ErrorResponse}.
 * Each HTTP status has a subclass, so callers catch what they can handle:
 * <pre>{@code
 * try {
 *     warren.delete("my-space");
 * } catch (WarrenException.WrongState running) {
 *     warren.stop("my-space");
 *     warren.delete("my-space");
 * }
 * }</pre>
 * Unchecked, immutable and safe to share between threads.
 */
public class WarrenException extends RuntimeException {
    private final int status;
    private final String detail;
    private final List<Validation> validations;
    private final String correlationId;

    /**
     * A failure with everything the server said.
     *
     * @param status        the HTTP status, or 0 when no answer arrived
     * @param message       the sentence for people (the server's {@code error})
     * @param detail        added context, possibly empty
     * @param validations   the invalid fields, possibly empty
     * @param correlationId the id tying a 5xx to the server log, or null
     * @param cause         the underlying failure, or null
     */
    public WarrenException(int status, String message, String detail, List<Validation> validations,
            String correlationId, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.detail = detail == null ? "" : detail;
        this.validations = validations == null ? List.of() : List.copyOf(validations);
        this.correlationId = correlationId;
    }

    /** The HTTP status of the answer; 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    /** The server's added context (its {@code detail}); empty when none. */
    public String detail() {
        return detail;
    }

    /** Each invalid field with its message; empty unless the request failed validation. */
    public List<Validation> validations() {
        return validations;
    }

    /** The id to quote when reporting a server error; null for other failures. */
    public String correlationId() {
        return correlationId;
    }

    /**
     * Maps an error answer to the matching subclass.
     *
     * @param status the HTTP status
     * @param body   the parsed error body, or null when the body was not an {@link ErrorResponse}
     * @param fallback the sentence to use when the body carries none
     * @return the exception to throw
     */
    public static WarrenException of(int status, ErrorResponse body, String fallback) {
        String message = body == null || body.error() == null || body.error().isBlank() ? fallback : body.error();
        String detail = body == null ? "" : body.detail();
        List<Validation> validations = body == null ? List.of() : body.validations();
        String correlationId = body == null ? null : body.correlationId();
        return switch (status) {
            case 400 -> new ValidationFailed(message, detail, validations);
            case 401 -> new Unauthenticated(message, detail);
            case 403 -> new Forbidden(message, detail);
            case 404 -> new NotFound(message, detail);
            case 409 -> new Conflict(message, detail);
            case 413 -> new PayloadTooLarge(message, detail);
            case 423 -> new WrongState(message, detail);
            case 429 -> new TooManyRequests(message, detail);
            default -> status >= 500
                    ? new ServerError(status, message, detail, correlationId)
                    : new WarrenException(status, message, detail, validations, correlationId, null);
        };
    }

    /** 400: the request is invalid; {@link #validations()} names each field. */
    public static final class ValidationFailed extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         * @param validations the invalid fields
         */
        public ValidationFailed(String message, String detail, List<Validation> validations) {
            super(400, message, detail, validations, null, null);
        }
    }

    /** 401: no credentials, or the token is invalid, expired or revoked. Log in again ({@code warren login}). */
    public static final class Unauthenticated extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         */
        public Unauthenticated(String message, String detail) {
            super(401, message, detail, List.of(), null, null);
        }
    }

    /** 403: authenticated but not allowed (for example a session request lacking its CSRF token). */
    public static final class Forbidden extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         */
        public Forbidden(String message, String detail) {
            super(403, message, detail, List.of(), null, null);
        }
    }

    /** 404: missing, or not yours to see (the server answers the same for both). */
    public static final class NotFound extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         */
        public NotFound(String message, String detail) {
            super(404, message, detail, List.of(), null, null);
        }
    }

    /** 409: the change collides with existing state (for example a name already taken). */
    public static final class Conflict extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         */
        public Conflict(String message, String detail) {
            super(409, message, detail, List.of(), null, null);
        }
    }

    /** 413: the request body is larger than the server accepts. */
    public static final class PayloadTooLarge extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         */
        public PayloadTooLarge(String message, String detail) {
            super(413, message, detail, List.of(), null, null);
        }
    }

    /** 423: the space is in the wrong state for this (for example deleting a running space). */
    public static final class WrongState extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         */
        public WrongState(String message, String detail) {
            super(423, message, detail, List.of(), null, null);
        }
    }

    /** 429: too many attempts (login rate limit); wait and retry. */
    public static final class TooManyRequests extends WarrenException {
        /**
         * @param message the sentence
         * @param detail context
         */
        public TooManyRequests(String message, String detail) {
            super(429, message, detail, List.of(), null, null);
        }
    }

    /** 5xx: the server or its container engine failed; quote {@link #correlationId()} when reporting it. */
    public static final class ServerError extends WarrenException {
        /**
         * @param status the 5xx status
         * @param message the sentence
         * @param detail context
         * @param correlationId the log id
         */
        public ServerError(int status, String message, String detail, String correlationId) {
            super(status, message, detail, List.of(), correlationId, null);
        }
    }

    /** No answer: the server could not be reached, or the answer could not be read. {@link #status()} is 0. */
    public static final class Unreachable extends WarrenException {
        /**
         * @param message the sentence
         * @param cause the I/O failure
         */
        public Unreachable(String message, Throwable cause) {
            super(0, message, "", List.of(), null, cause);
        }
    }

    /**
     * A process's output stream ended before the process's exit was known: the server sent an {@code error} event
     * (the message is its sentence), the connection broke, or a line was not a process event. A background process
     * may still be running: {@link ProcessesApi#attach(int)} follows it again. {@link #status()} is 0.
     */
    public static final class StreamBroken extends WarrenException {
        /**
         * @param message the sentence saying what broke
         * @param cause the I/O failure, or null
         */
        public StreamBroken(String message, Throwable cause) {
            super(0, message, "", List.of(), null, cause);
        }
    }

    /** No server is configured: pass one explicitly, set {@code WARREN_SERVER} or run {@code warren login}. */
    public static final class NotConfigured extends WarrenException {
        /**
         * @param message the sentence saying what is missing and how to provide it
         */
        public NotConfigured(String message) {
            super(0, message, "", List.of(), null, null);
        }
    }
}
