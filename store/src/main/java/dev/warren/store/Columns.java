package dev.warren.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Conversions between record fields and the portable column types (BIGINT millis, INTEGER 0/1, TEXT enums). */
final class Columns {
    private Columns() {}

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static int flag(boolean value) {
        return value ? 1 : 0;
    }

    static boolean flag(ResultSet row, String column) throws SQLException {
        return row.getInt(column) != 0;
    }

    static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, ResultSet row, String column) throws SQLException {
        String value = row.getString(column);
        return value == null ? null : Enum.valueOf(type, value);
    }
}
