package dev.warren.server.uploads;

import dev.warren.client.wire.Uploads.UploadOutcome;
import dev.warren.server.auth.Caller;

import java.io.InputStream;

/**
 * Where a complete, verified upload goes: the space's files, with the caller's access checked again at that moment.
 * Implemented over {@code SpaceIo} in the wiring. Blocking.
 */
public interface UploadTarget {
    /** Writes {@code content} to {@code path} atomically (temporary file, then rename). */
    UploadOutcome writeFile(Caller caller, String spaceId, String path, InputStream content, int mode);

    /** Extracts the tar {@code archive} into {@code destination} with the conflict policy (merge, replace, fail). */
    UploadOutcome extractArchive(Caller caller, String spaceId, String destination, String conflict,
            InputStream archive);
}
