package dev.warren.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool, migrated schema and {@link Jdbi} for one database: a SQLite file ({@code jdbc:sqlite:...},
 * the default) or PostgreSQL ({@code jdbc:postgresql://...}, credentials in the URL or passed separately).
 * Opening runs the Flyway migrations. Thread-safe; close once when the server stops.
 */
public final class Database implements AutoCloseable {
    /** Where warren keeps its data when no URL is configured. */
    public static final String DEFAULT_URL = "jdbc:sqlite:./data/warren.db";

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final int BUSY_TIMEOUT_MILLIS = 5000;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String vendor;

    private Database(HikariDataSource dataSource, String vendor) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens (creating if needed) the default SQLite file {@value #DEFAULT_URL} and migrates it. */
    public static Database open() {
        return open(DEFAULT_URL);
    }

    /** Opens the database at {@code url} and migrates it; credentials, if any, are in the URL. */
    public static Database open(String url) {
        return open(url, null, null);
    }

    /**
     * Opens the database at {@code url} with the given credentials (null to take them from the URL) and migrates
     * it. A SQLite file's parent directory is created. Blocks until the migrations have run.
     *
     * @throws IllegalArgumentException if the URL is neither SQLite nor PostgreSQL
     */
    public static Database open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("warren-store");
        String vendor;
        if (url.startsWith(SQLITE_PREFIX)) {
            vendor = "sqlite";
            Path file = sqliteFile(url.substring(SQLITE_PREFIX.length()));
            if (file != null) {
                createPrivately(file);
            }
            config.setDataSource(sqlite(url));
            config.setMaximumPoolSize(4);
        } else if (url.startsWith(POSTGRES_PREFIX)) {
            vendor = "postgresql";
            config.setJdbcUrl(url);
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setMaximumPoolSize(10);
        } else {
            throw new IllegalArgumentException("The database URL must start with " + SQLITE_PREFIX + " or "
                    + POSTGRES_PREFIX + ", not '" + url + "'.");
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool);
            if (vendor.equals("sqlite")) {
                restrictSqliteFiles(url.substring(SQLITE_PREFIX.length()));
            }
            return new Database(pool, vendor);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The JDBI handle factory the repositories share. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** {@code "sqlite"} or {@code "postgresql"}. */
    public String vendor() {
        return vendor;
    }

    /** Closes the pool; idempotent. */
    @Override
    public void close() {
        dataSource.close();
    }

    /** Every connection gets WAL, a busy timeout, foreign keys and synchronous=NORMAL. */
    private static DataSource sqlite(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** The file of a plain SQLite path; null for {@code file:} URIs and in-memory databases. */
    private static Path sqliteFile(String location) {
        String path = location.contains("?") ? location.substring(0, location.indexOf('?')) : location;
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return null;
        }
        return Path.of(path).toAbsolutePath();
    }

    /**
     * Creates the database's directory (0700 when it is new) and the database file (0600: an empty file is an
     * empty SQLite database), so the store is never readable by other users of the host, not even for a moment.
     * SQLite creates the {@code -wal} and {@code -shm} files with the database file's mode.
     */
    private static void createPrivately(Path file) {
        Path parent = file.getParent();
        try {
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent, PrivateFiles.directory());
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PrivateFiles.file());
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process created it meanwhile: its mode is tightened after the migrations
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the database file " + file + ".", e);
        }
    }

    /** Tightens the database file and its {@code -wal}/{@code -shm} companions to 0600 (those made before did not). */
    private static void restrictSqliteFiles(String location) {
        Path file = sqliteFile(location);
        if (file == null) {
            return;
        }
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            PrivateFiles.restrict(file.resolveSibling(file.getFileName() + suffix));
        }
    }
}
