package dev.warren.server.uploads;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The limits of resumable uploads.
 *
 * @param directory  where unfinished uploads keep their bytes ({@code $WARREN_DATA_DIR/uploads})
 * @param expiry     an unfinished upload untouched this long is dropped with its bytes
 * @param maxBytes   the largest single upload
 * @param quotaBytes the bytes one user's unfinished uploads may reserve at once (their declared lengths)
 */
public record UploadSettings(Path directory, Duration expiry, long maxBytes, long quotaBytes) {}
