package dev.warren.store;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** Named settings of the installation, kept in the store so that a backup carries them. Thread-safe, blocking. */
public final class ServerSettingsStore {
    private final Jdbi jdbi;

    public ServerSettingsStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi);
    }

    public Optional<String> get(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT value FROM server_settings WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    /**
     * The stored value, or {@code initial} stored now when there is none. Two servers starting at once on one store
     * agree: the first insert wins and both read it.
     */
    public String getOrInit(String name, Supplier<String> initial) {
        return jdbi.inTransaction(handle -> {
            Optional<String> known = handle.createQuery("SELECT value FROM server_settings WHERE name = :name")
                    .bind("name", name).mapTo(String.class).findOne();
            if (known.isPresent()) {
                return known.get();
            }
            String value = initial.get();
            handle.createUpdate("INSERT INTO server_settings (name, value) VALUES (:name, :value)")
                    .bind("name", name).bind("value", value).execute();
            return value;
        });
    }
}
