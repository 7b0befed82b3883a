package dev.warren.server;

import dev.warren.server.auth.SecretKeys;
import dev.warren.store.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory ({@code WARREN_DATA_DIR}) as the server finds it at start: created with mode 0700, or narrowed
 * to 0700 when it is wider, since it holds the SQLite store, the key file and the agents' sockets; and the key that
 * encrypts secrets at rest (see {@link SecretKeys}). Blocking; called once at start.
 */
final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private DataDirectory() {}

    /** Makes the directory private and loads (or creates) the encryption key. */
    static SecretKeys.Loaded prepare(Config config) {
        Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PrivateFiles.directory());
            } else if (PrivateFiles.restrict(dir)) {
                LOG.info("The data directory {} was readable by other users; it is 0700 now.", dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the data directory " + dir + ".", e);
        }
        SecretKeys.Loaded keys = SecretKeys.load(config.secretKey(), config.secretKeyPrevious(), dir);
        LOG.info("Secrets at rest are encrypted with AES-GCM, key {} from {}{}.", keys.cipher().currentKeyId(),
                keys.source(), keys.cipher().keyIds().size() > 1
                        ? "; previous keys " + keys.cipher().keyIds().subList(1, keys.cipher().keyIds().size())
                        + " decrypt only" : "");
        return keys;
    }
}
