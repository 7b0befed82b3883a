package dev.warren.cli;

import dev.warren.client.CommandResult;
import dev.warren.client.WarrenException;

import java.io.UncheckedIOException;

/**
 * The documented exit codes of {@code warren} (docs/CLI.md). {@code space run}, {@code space script},
 * {@code space exec} and {@code space attach} exit with the command's own exit code instead ({@link #ofProcess}).
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A server error (5xx), an unreachable server, or any other failure. */
    public static final int ERROR = 1;
    /** Wrong usage: unknown command or option, missing argument, or input the server rejected as invalid (400). */
    public static final int USAGE = 2;
    /** Not found (404): the space, template, script, user or file does not exist or is not yours. */
    public static final int NOT_FOUND = 3;
    /** Authentication: not logged in, token invalid or revoked (401), not allowed (403), no server configured. */
    public static final int AUTH = 4;
    /** Conflict (409) or wrong state (423), for example deleting a running space. */
    public static final int CONFLICT = 5;
    /** {@code space run}: the command was killed by its timeout (like timeout(1)). */
    public static final int TIMED_OUT = 124;
    /** {@code space exec}: a command killed by signal N exits with {@code SIGNALLED + N} (like shells). */
    public static final int SIGNALLED = 128;

    private ExitCodes() {}

    /**
     * @param error a failure raised while running a command
     * @return the exit code for it
     */
    public static int of(Throwable error) {
        return switch (error) {
            case WarrenException.ValidationFailed invalid -> USAGE;
            case WarrenException.NotFound missing -> NOT_FOUND;
            case WarrenException.Unauthenticated unauthenticated -> AUTH;
            case WarrenException.Forbidden forbidden -> AUTH;
            case WarrenException.NotConfigured notConfigured -> AUTH;
            case WarrenException.Conflict conflict -> CONFLICT;
            case WarrenException.WrongState wrongState -> CONFLICT;
            case UsageException usage -> USAGE;
            case IllegalArgumentException invalid -> USAGE;
            case UncheckedIOException io -> ERROR;
            default -> ERROR;
        };
    }

    /**
     * @param result how a process ended
     * @return its exit code: {@link #TIMED_OUT} when it timed out, {@link #SIGNALLED} + N when signal N killed it,
     *         else its own code ({@link #ERROR} when that is unknown)
     */
    public static int ofProcess(CommandResult result) {
        if (result.timedOut()) {
            return TIMED_OUT;
        }
        if (result.signal() != null) {
            return SIGNALLED + result.signal();
        }
        return result.exitCode() >= 0 && result.exitCode() <= 255 ? result.exitCode() : ERROR;
    }

    /** A usage error found after parsing (for example a wrong number of port arguments); exits with {@link #USAGE}. */
    public static final class UsageException extends RuntimeException {
        /**
         * @param message the sentence saying what is wrong and what is expected
         */
        public UsageException(String message) {
            super(message);
        }
    }
}
