/**
 * Persistence: one {@link dev.warren.store.Database} (SQLite file by default, PostgreSQL by JDBC URL, Flyway
 * migrations from {@code classpath:db/migration}) and one small JDBI repository per record of
 * {@code dev.warren.core.model}. Repositories are thread-safe and blocking; each public method is one transaction.
 * A unique-constraint clash surfaces as {@link dev.warren.core.ConflictException} with a sentence naming it.
 * Timestamps are stored as epoch milliseconds, so instants read back are truncated to milliseconds.
 */
package dev.warren.store;
