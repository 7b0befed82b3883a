package dev.warren.server.http;

import dev.warren.client.wire.Files.ArchiveResult;
import dev.warren.client.wire.Files.ConflictPolicy;
import dev.warren.client.wire.Files.FileEntry;
import dev.warren.client.wire.Files.FileEvent;
import dev.warren.client.wire.Files.FileList;
import dev.warren.client.wire.Files.MakeDirRequest;
import dev.warren.client.wire.Files.MakeDirResult;
import dev.warren.client.wire.Files.RenameRequest;
import dev.warren.client.wire.Files.SearchResult;
import dev.warren.core.EngineFailureException;
import dev.warren.core.ValidationException;
import dev.warren.server.files.FileEntries;
import dev.warren.server.files.SpacePaths;
import dev.warren.server.http.Route.Access;
import dev.warren.server.spaces.SpaceIo;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

import static dev.warren.server.http.Authenticator.caller;

/**
 * The file operations beyond reading and writing one file: stat, list, mkdir, remove, rename, glob search, watch
 * (NDJSON, see {@link FileWatchStreams}) and directory archives (tar, streamed both ways; the tar body is not held
 * by the JSON body limit). User or space token; the space must be running (423 otherwise).
 */
final class FileOperationRoutes {
    private static final String SPACE = "/api/spaces/{space}";
    private static final String FILES = SPACE + "/files";
    private static final String ARCHIVE = SPACE + "/archive";
    private static final String TAR = "application/x-tar";
    /** The largest archive body declared up front (a chunked body is bounded by the space's disk). */
    private static final long MAX_ARCHIVE = 8L << 30;

    private final SpaceIo io;
    private final Bodies bodies;
    private final FileWatchStreams watches;

    FileOperationRoutes(SpaceIo io, Bodies bodies, FileWatchStreams watches) {
        this.io = io;
        this.bodies = bodies;
        this.watches = watches;
    }

    void addTo(Api api) {
        api.tag("files")
                .get(FILES + "/stat", "The entry at ?path= (not following a link); 404 when nothing is there.",
                        FileEntry.class, Access.USER_OR_SPACE, ctx -> ctx.json(FileEntries.of(
                                io.stat(caller(ctx), space(ctx), ctx.queryParam("path")))))
                .get(FILES + "/list", "Entries under the directory ?path=, ?depth= levels down (default 1, at most "
                        + "10), depth-first by name.", FileList.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(new FileList(io.list(caller(ctx), space(ctx), ctx.queryParam("path"),
                                depth(ctx)).stream().map(FileEntries::of).toList())))
                .post(FILES + "/mkdir", "Create a directory and its missing parents; created: false when it "
                        + "existed, 409 when a file is in the way.", MakeDirRequest.class, MakeDirResult.class,
                        Access.USER_OR_SPACE, ctx -> {
                    String path = SpacePaths.absolute("path", bodies.read(ctx, MakeDirRequest.class).path());
                    boolean created = io.makeDirectory(caller(ctx), space(ctx), path);
                    ctx.json(new MakeDirResult(path, created));
                })
                .delete(FILES, "Remove ?path= (a directory with its content; a link, not its target); 404 when "
                        + "nothing is there; '/' is refused.", null, Access.USER_OR_SPACE, ctx -> {
                    io.remove(caller(ctx), space(ctx), ctx.queryParam("path"));
                    ctx.status(204);
                })
                .post(FILES + "/rename", "Move from → to (replacing a file at to, creating its parents); answers "
                        + "the entry at to.", RenameRequest.class, FileEntry.class, Access.USER_OR_SPACE, ctx -> {
                    RenameRequest request = bodies.read(ctx, RenameRequest.class);
                    ctx.json(FileEntries.of(io.rename(caller(ctx), space(ctx), request.from(), request.to())));
                })
                .get(FILES + "/search", "Entries under ?path= whose path relative to it matches ?glob= (**, *, ?, "
                        + "[...]); at most 10,000, then truncated: true.", SearchResult.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(io.search(caller(ctx), space(ctx), ctx.queryParam("path"),
                                ctx.queryParam("glob"))))
                .get(FILES + "/watch", "Watch ?path= (&recursive=true for the whole tree): NDJSON FileEvent lines "
                        + "(ready, then create/write/remove/rename/chmod, keepalive) until the client disconnects.",
                        FileEvent.class, Access.USER_OR_SPACE, watches::stream)
                .get(ARCHIVE, "Download ?path= (a directory, file or link) as a tar stream (application/x-tar): "
                        + "links as links, modes and modification times kept.", null, Access.USER_OR_SPACE,
                        this::download)
                .post(ARCHIVE, "Extract the tar body into ?path= (created when missing) with ?conflict=merge "
                        + "(default), replace or fail. Absolute or '..' members, hard links, devices, FIFOs and "
                        + "links leading outside are refused with 400, leaving nothing behind.", null,
                        ArchiveResult.class, Access.USER_OR_SPACE, this::upload);
    }

    private void download(Context ctx) {
        String path = ctx.queryParam("path");
        String name = nameOf(path);
        FirstWriteOutputStream out = new FirstWriteOutputStream(() -> {
            ctx.contentType(TAR);
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".tar\"");
            return ctx.outputStream();
        });
        io.writeArchive(caller(ctx), space(ctx), path, out);
        try {
            out.close();
        } catch (IOException error) {
            throw new EngineFailureException("Sending the archive of '" + path + "' failed midway.", error);
        }
    }

    private void upload(Context ctx) {
        ConflictPolicy policy = conflict(ctx.queryParam("conflict"));
        if (ctx.contentLength() > MAX_ARCHIVE) {
            throw ValidationException.of("body", "Archives are limited to " + MAX_ARCHIVE + " bytes.");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            ctx.json(io.extractArchive(caller(ctx), space(ctx), ctx.queryParam("path"), policy, in));
        } catch (IOException error) {
            throw new EngineFailureException("Reading the archive failed: " + error.getMessage(), error);
        }
    }

    private static ConflictPolicy conflict(String value) {
        if (value == null || value.isBlank()) {
            return ConflictPolicy.MERGE;
        }
        ConflictPolicy policy = ConflictPolicy.parse(value);
        if (policy == null) {
            throw ValidationException.of("conflict", "'conflict' must be merge, replace or fail, not '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'.");
        }
        return policy;
    }

    private static int depth(Context ctx) {
        String value = ctx.queryParam("depth");
        if (value == null || value.isBlank()) {
            return 1;
        }
        if (!value.matches("-?\\d{1,9}")) {
            throw ValidationException.of("depth", "'depth' must be a whole number, such as 1 or 3.");
        }
        return Integer.parseInt(value);
    }

    /** A file name for the download, from the path's last name (safe characters only). */
    private static String nameOf(String path) {
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "archive" : name;
    }

    static String space(Context ctx) {
        return ctx.pathParam("space");
    }

    static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ValidationException.of(name, "'" + name + "' must be true or false.");
        };
    }
}
