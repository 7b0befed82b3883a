package dev.warren.server.spaces;

import dev.warren.core.EngineFailureException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.core.rules.SpaceLifecycle;
import dev.warren.engine.Engine;
import dev.warren.engine.EngineException;
import dev.warren.server.auth.Caller;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static dev.warren.server.http.Authenticator.caller;

/**
 * read_file and write_file over HTTP, streamed both ways: a file is never held whole in memory. A body without a
 * length is spooled to a temporary file first, because the engine's archive upload needs the size up front.
 */
public final class SpaceFiles {
    private static final long MAX_FILE = 8L << 30;

    private final SpaceAccess access;
    private final SpaceRuntime runtime;
    private final Engine engine;

    public SpaceFiles(SpaceAccess access, SpaceRuntime runtime, Engine engine) {
        this.access = access;
        this.runtime = runtime;
        this.engine = engine;
    }

    public void read(Context ctx) {
        Caller caller = caller(ctx);
        String path = path(ctx);
        Space space = access.visible(caller, ctx.pathParam("space"));
        SpaceLifecycle.requireRunning(space, "read a file in");
        String container = runtime.containerName(space.id());
        // The response starts with the first byte: a missing file fails before that, so it is still a clean 404.
        FirstWriteOutputStream out = new FirstWriteOutputStream(() -> {
            ctx.contentType("application/octet-stream");
            return ctx.outputStream();
        });
        try {
            engine.readFile(container, path, out);
            out.close(); // only on success: closing opens the body, even for an empty file
        } catch (dev.warren.engine.NotFoundException missing) {
            throw new NotFoundException("No file '" + path + "' in space '" + space.name() + "'.");
        } catch (IOException | EngineException error) {
            if (ctx.res().isCommitted()) {
                throw new EngineFailureException("Reading '" + path + "' failed midway.", error);
            }
            throw ValidationException.of("path", "Cannot read '" + path + "': " + error.getMessage());
        }
    }

    public void write(Context ctx) {
        Caller caller = caller(ctx);
        String path = path(ctx);
        int mode = mode(ctx.queryParam("mode"));
        Space space = access.visible(caller, ctx.pathParam("space"));
        SpaceLifecycle.requireRunning(space, "write a file in");
        String container = runtime.containerName(space.id());
        long length = ctx.contentLength();
        if (length > MAX_FILE) {
            throw ValidationException.of("body", "Files are limited to " + MAX_FILE + " bytes.");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            if (length >= 0) {
                engine.writeFile(container, path, in, length, mode);
            } else {
                writeSpooled(container, path, in, mode);
            }
        } catch (IOException | EngineException error) {
            throw new EngineFailureException("Writing '" + path + "' failed: " + error.getMessage(), error);
        }
        ctx.status(204);
    }

    private void writeSpooled(String container, String path, InputStream in, int mode) throws IOException {
        Path spool = Files.createTempFile("warren-upload-", ".bin");
        try {
            Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            try (InputStream spooled = Files.newInputStream(spool)) {
                engine.writeFile(container, path, spooled, Files.size(spool), mode);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static String path(Context ctx) {
        String path = ctx.queryParam("path");
        if (path == null || path.isBlank() || !path.startsWith("/") || path.contains("\0") || path.length() > 4096
                || path.endsWith("/")) {
            throw ValidationException.of("path", "The query parameter 'path' must be an absolute file path.");
        }
        return path;
    }

    private static int mode(String value) {
        if (value == null || value.isBlank()) {
            return 0644;
        }
        if (!value.matches("^[0-7]{3,4}$")) {
            throw ValidationException.of("mode", "The query parameter 'mode' must be octal, such as 644 or 0755.");
        }
        return Integer.parseInt(value, 8);
    }
}
