package dev.warren.server.http;

import dev.warren.client.wire.Uploads.UploadInfo;
import dev.warren.server.uploads.TusChecksum;
import dev.warren.server.uploads.UploadRefusedException;
import dev.warren.server.uploads.UploadService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TreeSet;

import static dev.warren.server.http.Authenticator.caller;

/**
 * Resumable uploads over tus 1.0 (core, creation, expiration, termination, checksum): {@code OPTIONS /api/uploads}
 * (discovery, public), {@code POST /api/spaces/{space}/uploads} (create), {@code HEAD|GET|PATCH|DELETE
 * /api/uploads/{id}}, and {@code GET /api/uploads} (the caller's). GET answers JSON with the tus headers; HEAD
 * runs the same handler without the body. Every answer,
 * errors included, says {@code Tus-Resumable: 1.0.0}. Users and space tokens (confined to their space) may call it.
 */
public final class UploadRoutes implements ApiServices.RouteContributor, WebExtension {
    static final String VERSION = "1.0.0";
    private static final String UPLOADS = "/api/uploads";
    private static final String UPLOAD = "/api/uploads/{id}";
    private static final String CREATE = "/api/spaces/{space}/uploads";
    private static final String EXTENSIONS = "creation,expiration,termination,checksum";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final UploadService uploads;

    public UploadRoutes(UploadService uploads) {
        this.uploads = uploads;
    }

    @Override
    public void addTo(RouteTable table) {
        table.tag("uploads")
                .post(CREATE, "tus creation: headers Tus-Resumable 1.0.0, Upload-Length, Upload-Metadata (base64"
                        + " values: path, sha256, kind file|archive, conflict merge|replace|fail, mode); 201 with"
                        + " Location and Upload-Expires.", null, UploadInfo.class, true, this::create)
                .get(UPLOADS, "The caller's uploads, newest first.", UploadInfo[].class, true,
                        ctx -> ctx.json(uploads.list(caller(ctx))))
                .get(UPLOAD, "One upload as JSON; HEAD gives the tus headers Upload-Offset, Upload-Length,"
                        + " Upload-Expires.", UploadInfo.class, true, this::get)
                .patch(UPLOAD, "tus PATCH: Content-Type application/offset+octet-stream, Upload-Offset (must equal"
                        + " the server's), optional Upload-Checksum; 204 with the new Upload-Offset. The last byte"
                        + " verifies the SHA-256 (460 on mismatch) and writes into the space.", null, null, true,
                        this::patch)
                .delete(UPLOAD, "tus termination: the upload and its bytes are deleted.", null, true, ctx -> {
                    tusHeaders(ctx);
                    uploads.terminate(caller(ctx), ctx.pathParam("id"));
                    ctx.status(204);
                });
    }

    /**
     * OPTIONS (tus discovery, no credentials) and HEAD (the tus offset; Javalin would answer a bare 200 for a HEAD
     * without its own route) are not API operations of the route table, so they are registered here.
     */
    @Override
    public void configure(JavalinConfig config, Authenticator authenticator) {
        config.routes.addEndpoint(new Endpoint(HandlerType.HEAD, UPLOAD, ctx -> {
            authenticator.enforce(ctx, Route.Access.USER_OR_SPACE);
            get(ctx);
        }));
        config.routes.addEndpoint(new Endpoint(HandlerType.OPTIONS, UPLOADS, ctx -> {
            tusHeaders(ctx);
            ctx.header("Tus-Extension", EXTENSIONS);
            ctx.header("Tus-Max-Size", Long.toString(uploads.settings().maxBytes()));
            ctx.header("Tus-Checksum-Algorithm", String.join(",", new TreeSet<>(TusChecksum.ALGORITHMS.keySet())));
            ctx.status(204);
        }));
    }

    private void create(Context ctx) {
        tusHeaders(ctx);
        requireVersion(ctx);
        UploadInfo created = uploads.create(caller(ctx), ctx.pathParam("space"), ctx.header("Upload-Length"),
                ctx.header("Upload-Metadata"));
        String location = UPLOADS + "/" + created.id();
        ctx.header("Location", location);
        uploadHeaders(ctx, created);
        ctx.status(201).json(created);
    }

    private void get(Context ctx) {
        tusHeaders(ctx);
        ctx.header("Cache-Control", "no-store");
        UploadInfo upload = uploads.get(caller(ctx), ctx.pathParam("id"));
        if (ctx.method() == HandlerType.HEAD && upload.state().equals("expired")) {
            throw new UploadRefusedException(410, null, upload.error());
        }
        uploadHeaders(ctx, upload);
        if (ctx.method() == HandlerType.HEAD) {
            ctx.status(200);
            return;
        }
        ctx.json(upload);
    }

    private void patch(Context ctx) {
        tusHeaders(ctx);
        requireVersion(ctx);
        UploadService.Patch patch = new UploadService.Patch(ctx.header("Upload-Offset"), ctx.header("Content-Type"),
                ctx.contentLength(), ctx.header("Upload-Checksum"));
        UploadService.Patched patched;
        try (InputStream body = ctx.bodyInputStream()) {
            patched = uploads.append(caller(ctx), ctx.pathParam("id"), patch, body);
        } catch (IOException closing) {
            throw new UncheckedIOException(closing);
        }
        uploadHeaders(ctx, patched.upload());
        ctx.status(204); // after a broken connection nobody reads this; what arrived is kept and counted
    }

    private static void requireVersion(Context ctx) {
        String version = ctx.header("Tus-Resumable");
        if (!VERSION.equals(version == null ? null : version.strip())) {
            ctx.header("Tus-Version", VERSION);
            throw new UploadRefusedException(412, "Tus-Resumable", "The header Tus-Resumable must be 1.0.0, the"
                    + " tus version this server speaks, not '" + version + "'.");
        }
    }

    private static void tusHeaders(Context ctx) {
        ctx.header("Tus-Resumable", VERSION);
        ctx.header("Tus-Version", VERSION);
    }

    private static void uploadHeaders(Context ctx, UploadInfo upload) {
        ctx.header("Upload-Offset", Long.toString(upload.offset()));
        ctx.header("Upload-Length", Long.toString(upload.length()));
        if (upload.expiresAt() != null) {
            ctx.header("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
        }
        ctx.header("Upload-State", upload.state());
    }
}
