package dev.warren.server.http;

import dev.warren.client.wire.Files.FileList;
import dev.warren.client.wire.Files.MakeDirRequest;
import dev.warren.client.wire.Files.MakeDirResult;
import dev.warren.client.wire.Volumes.CreateVolumeRequest;
import dev.warren.client.wire.Volumes.DownloadUrl;
import dev.warren.client.wire.Volumes.DownloadUrlRequest;
import dev.warren.client.wire.Volumes.VolumeInfo;
import dev.warren.core.EngineFailureException;
import dev.warren.core.ValidationException;
import dev.warren.server.volumes.VolumeFileService;
import dev.warren.server.volumes.VolumeService;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import static dev.warren.server.http.Authenticator.caller;

/**
 * {@code /api/volumes}: users' named volumes (create, idempotent create by name, get, list, delete) and their direct
 * file API (list, read, write, mkdir, remove, tar archive, signed download links), streamed both ways. Owner and
 * admins only; anybody else gets 404. Contributed by the server's wiring.
 */
public final class VolumeRoutes implements ApiServices.RouteContributor {
    private static final String VOLUMES = "/api/volumes";
    private static final String VOLUME = VOLUMES + "/{volume}";
    private static final String FILES = VOLUME + "/files";
    private static final String TAR = "application/x-tar";
    private static final long MAX_FILE = 8L << 30;

    private final VolumeService volumes;
    private final VolumeFileService files;

    public VolumeRoutes(VolumeService volumes, VolumeFileService files) {
        this.volumes = volumes;
        this.files = files;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("volumes")
                .post(VOLUMES, "Create a volume {name} (unique among yours); 409 when the name is taken.",
                        CreateVolumeRequest.class, VolumeInfo.class, false, ctx -> ctx.status(201).json(volumes.info(
                                volumes.create(caller(ctx), RouteTable.body(ctx, CreateVolumeRequest.class)))))
                .get(VOLUMES, "Your volumes by name; ?all=true (admins): everybody's.", VolumeInfo[].class, false,
                        ctx -> ctx.json(volumes.list(caller(ctx), "true".equalsIgnoreCase(ctx.queryParam("all")))
                                .stream().map(volumes::info).toList()))
                .get(VOLUME, "One volume by name or id, with the spaces mounting it.", VolumeInfo.class, false,
                        ctx -> ctx.json(volumes.info(volumes.find(caller(ctx), volume(ctx)))))
                .put(VOLUME, "Your volume of this name, created when missing (201) or as it is (200): from_name with"
                        + " create_if_missing.", null, VolumeInfo.class, false, ctx -> {
                            VolumeService.Created made = volumes.ensure(caller(ctx), volume(ctx));
                            ctx.status(made.created() ? 201 : 200).json(volumes.info(made.volume()));
                        })
                .delete(VOLUME, "Delete the volume and its data; 423 while a space mounts it (running or not).",
                        null, false, ctx -> {
                            volumes.delete(caller(ctx), volume(ctx));
                            ctx.status(204);
                        })
                .get(FILES + "/list", "Entries under ?path= (default /), ?depth=1..32; links listed, never followed.",
                        FileList.class, false, ctx -> ctx.json(files.list(caller(ctx), volume(ctx),
                                ctx.queryParam("path"), depth(ctx.queryParam("depth")))))
                .get(FILES, "Read the file ?path=, streamed (a link is followed only while it stays inside).", null,
                        false, this::read)
                .put(FILES, "Write the file ?path= (&mode=644) from the raw body, streamed; parents are created, a link"
                        + " is refused.", null, null, false, this::write)
                .post(FILES + "/mkdir", "Create the directory {path} and its parents.", MakeDirRequest.class,
                        MakeDirResult.class, false, ctx -> ctx.json(files.makeDirectory(caller(ctx), volume(ctx),
                                RouteTable.body(ctx, MakeDirRequest.class).path())))
                .delete(FILES, "Remove ?path= (a directory with its content; a link, not its target).", null, false,
                        ctx -> {
                            files.remove(caller(ctx), volume(ctx), ctx.queryParam("path"));
                            ctx.status(204);
                        })
                .get(FILES + "/archive", "?path= (default /) as a tar stream; links stored as links, never followed.",
                        null, false, this::archive)
                .post(VOLUME + "/download-urls", "A link that downloads the file {path} without credentials for"
                        + " ttl_seconds (1..86400, default 300).", DownloadUrlRequest.class, DownloadUrl.class, false,
                        ctx -> ctx.status(201).json(files.downloadUrl(caller(ctx), volume(ctx),
                                RouteTable.body(ctx, DownloadUrlRequest.class))))
                // Registered after the volume routes: a volume named "download" keeps its /files routes.
                .publicGet(VOLUMES + "/download/{token}", "Download the file a signed link names (no credentials);"
                        + " 401 when it expired or was altered.", null, this::download);
    }

    private void read(Context ctx) {
        String path = ctx.queryParam("path");
        FirstWriteOutputStream out = new FirstWriteOutputStream(() -> {
            ctx.contentType("application/octet-stream");
            return ctx.outputStream();
        });
        files.read(caller(ctx), volume(ctx), path, out);
        finish(out, path);
    }

    private void write(Context ctx) {
        String path = ctx.queryParam("path");
        int mode = mode(ctx.queryParam("mode"));
        if (ctx.contentLength() > MAX_FILE) {
            throw ValidationException.of("body", "Files are limited to " + MAX_FILE + " bytes.");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            files.write(caller(ctx), volume(ctx), path, in, mode);
        } catch (IOException error) {
            throw new EngineFailureException("Writing '" + path + "' failed: " + error.getMessage(), error);
        }
        ctx.status(204);
    }

    private void archive(Context ctx) {
        String path = ctx.queryParam("path");
        VolumeFileService.ArchiveWriting writing = files.archive(caller(ctx), volume(ctx), path);
        String name = nameOf(path == null || path.isBlank() || path.equals("/") ? volume(ctx) : path);
        FirstWriteOutputStream out = new FirstWriteOutputStream(() -> {
            ctx.contentType(TAR);
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".tar\"");
            return ctx.outputStream();
        });
        writing.to(out);
        finish(out, path);
    }

    private void download(Context ctx) {
        VolumeFileService.Download download = files.download(ctx.pathParam("token"));
        String name = nameOf(download.fileName());
        FirstWriteOutputStream out = new FirstWriteOutputStream(() -> {
            ctx.contentType("application/octet-stream");
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ctx.header("Cache-Control", "no-store");
            return ctx.outputStream();
        });
        download.to(out);
        finish(out, download.path());
    }

    private static void finish(OutputStream out, String path) {
        try {
            out.close(); // opens the body even when nothing was written
        } catch (IOException error) {
            throw new EngineFailureException("Sending '" + path + "' failed midway.", error);
        }
    }

    private static String volume(Context ctx) {
        return ctx.pathParam("volume");
    }

    private static Integer depth(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("^[0-9]{1,3}$")) {
            throw ValidationException.of("depth", "'depth' must be a whole number, such as 1 or 3.");
        }
        return Integer.parseInt(value);
    }

    private static int mode(String value) {
        if (value == null || value.isBlank()) {
            return 0644;
        }
        if (!value.matches("^[0-7]{3,4}$")) {
            throw ValidationException.of("mode", "The query parameter 'mode' must be octal, such as 644 or 0755.");
        }
        return Integer.parseInt(value, 8) & 0777;
    }

    /** A file name for the answer's headers, from the path's last name (safe characters only). */
    private static String nameOf(String path) {
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "download" : name;
    }
}
