package dev.warren.store;

import dev.warren.core.ConflictException;
import java.sql.SQLException;
import java.util.Locale;
import org.postgresql.util.PSQLException;
import org.sqlite.SQLiteException;

/**
 * Turns constraint violations into {@link ConflictException}s with a sentence, so a race between two requests
 * cannot create duplicates and still gets a readable answer. Other failures pass through unchanged.
 */
final class Conflicts {
    /** A unique constraint recognised by a {@code marker} in its column or constraint name. */
    record Clash(String marker, String message) {}

    private enum Violation { UNIQUE, FOREIGN_KEY, OTHER }

    private Conflicts() {}

    /**
     * The exception to throw for {@code failure}: a conflict for the first matching clash, {@code missingReference}
     * for a foreign-key violation (if given), or {@code failure} itself.
     */
    static RuntimeException translate(RuntimeException failure, String missingReference, Clash... clashes) {
        SQLException sql = sqlCause(failure);
        if (sql == null) {
            return failure;
        }
        return switch (violation(sql)) {
            case UNIQUE -> conflict(failure, uniqueMessage(constraint(sql), clashes));
            case FOREIGN_KEY -> missingReference == null ? failure : conflict(failure, missingReference);
            case OTHER -> failure;
        };
    }

    static Clash clash(String marker, String message) {
        return new Clash(marker, message);
    }

    private static String uniqueMessage(String constraint, Clash... clashes) {
        for (Clash clash : clashes) {
            if (constraint.contains(clash.marker())) {
                return clash.message();
            }
        }
        return "A record with the same id already exists.";
    }

    private static ConflictException conflict(RuntimeException cause, String message) {
        ConflictException conflict = new ConflictException(message);
        conflict.initCause(cause);
        return conflict;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static Violation violation(SQLException sql) {
        if (sql instanceof SQLiteException sqlite) {
            String code = sqlite.getResultCode().name();
            if (code.equals("SQLITE_CONSTRAINT_UNIQUE") || code.equals("SQLITE_CONSTRAINT_PRIMARYKEY")) {
                return Violation.UNIQUE;
            }
            return code.equals("SQLITE_CONSTRAINT_FOREIGNKEY") ? Violation.FOREIGN_KEY : Violation.OTHER;
        }
        return switch (String.valueOf(sql.getSQLState())) {
            case "23505" -> Violation.UNIQUE;
            case "23503" -> Violation.FOREIGN_KEY;
            default -> Violation.OTHER;
        };
    }

    /** The constraint's name (PostgreSQL) or its columns (SQLite), never the clashing values. */
    private static String constraint(SQLException sql) {
        if (sql instanceof PSQLException postgres && postgres.getServerErrorMessage() != null) {
            String name = postgres.getServerErrorMessage().getConstraint();
            return name == null ? "" : name.toLowerCase(Locale.ROOT);
        }
        String message = String.valueOf(sql.getMessage());
        int start = message.lastIndexOf("failed: ");
        return (start < 0 ? "" : message.substring(start + "failed: ".length())).toLowerCase(Locale.ROOT);
    }
}
