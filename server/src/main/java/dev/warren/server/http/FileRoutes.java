package dev.warren.server.http;

import dev.warren.core.EngineFailureException;
import dev.warren.core.ValidationException;
import dev.warren.server.spaces.SpaceIo;
import dev.warren.server.http.Route.Access;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

import static dev.warren.server.http.Authenticator.caller;

/**
 * read_file and write_file over HTTP, streamed both ways: the response opens at the first byte (so a missing file
 * is still a clean 404) and a body of any length is written as it arrives.
 */
final class FileRoutes {
    private static final String FILES = "/api/spaces/{space}/files";
    private static final long MAX_FILE = 8L << 30;

    private final SpaceIo io;

    FileRoutes(SpaceIo io) {
        this.io = io;
    }

    void addTo(Api api) {
        api.tag("spaces")
                .get(FILES, "Read a file (?path=/abs/path), streamed as application/octet-stream.", null,
                        Access.USER_OR_SPACE, this::read)
                .put(FILES, "Write a file (?path=/abs/path[&mode=644]) from the raw body, streamed.", null, null,
                        Access.USER_OR_SPACE, this::write);
    }

    private void read(Context ctx) {
        String path = path(ctx);
        FirstWriteOutputStream out = new FirstWriteOutputStream(() -> {
            ctx.contentType("application/octet-stream");
            return ctx.outputStream();
        });
        io.readFile(caller(ctx), ctx.pathParam("space"), path, out);
        try {
            out.close(); // opens the body even for an empty file
        } catch (IOException error) {
            throw new EngineFailureException("Reading '" + path + "' failed midway.", error);
        }
    }

    private void write(Context ctx) {
        String path = path(ctx);
        int mode = mode(ctx.queryParam("mode"));
        if (ctx.contentLength() > MAX_FILE) {
            throw ValidationException.of("body", "Files are limited to " + MAX_FILE + " bytes.");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            io.writeFile(caller(ctx), ctx.pathParam("space"), path, in, mode);
        } catch (IOException error) {
            throw new EngineFailureException("Writing '" + path + "' failed: " + error.getMessage(), error);
        }
        ctx.status(204);
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
