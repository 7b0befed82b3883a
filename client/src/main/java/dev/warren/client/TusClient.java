package dev.warren.client;

import dev.warren.client.wire.Uploads.UploadInfo;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tus 1.0 requests of resumable uploads ({@code /api/uploads}), raw: every failure is the plain
 * {@link WarrenException} for its status, which {@link UploadsApi} turns into an upload exception carrying the id.
 * Thread-safe.
 */
final class TusClient {
    static final String VERSION = "1.0.0";
    /** A PATCH may carry a large chunk and, on its last byte, wait for the check and the write into the space. */
    private static final Duration PATCH_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration SHORT = Duration.ofMinutes(2);

    private final Transport transport;

    TusClient(Transport transport) {
        this.transport = transport;
    }

    /** Creates an upload; returns its id. */
    String create(String space, long length, Map<String, String> metadata) {
        String path = "/api/spaces/" + Transport.segment(space) + "/uploads";
        List<String> pairs = new ArrayList<>();
        metadata.forEach((key, value) -> pairs.add(key + " "
                + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Tus-Resumable", VERSION);
        headers.put("Upload-Length", Long.toString(length));
        headers.put("Upload-Metadata", String.join(",", pairs));
        HttpResponse<byte[]> response = transport.exchange("POST", path, BodyPublishers.noBody(), headers, SHORT);
        if (response.statusCode() != 201) {
            throw transport.failure(response.statusCode(), response.body(), "POST", path);
        }
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new WarrenException.Unreachable("The server created an upload but named no Location.", null));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The upload as the server sees it (state, offset, target, kind). */
    UploadInfo info(String id) {
        return transport.call("GET", upload(id), null, UploadInfo.class);
    }

    /** The caller's uploads. */
    List<UploadInfo> list() {
        return transport.list("/api/uploads", UploadInfo.class);
    }

    /** The bytes the server holds (tus HEAD). */
    long offset(String id) {
        HttpResponse<byte[]> response = transport.exchange("HEAD", upload(id), BodyPublishers.noBody(),
                Map.of("Tus-Resumable", VERSION), SHORT);
        if (response.statusCode() != 200) {
            throw transport.failure(response.statusCode(), response.body(), "HEAD", upload(id));
        }
        return offsetOf(response, id);
    }

    /** Sends {@code length} bytes of {@code body} at {@code offset}; returns the server's new offset. */
    long patch(String id, long offset, InputStream body, long length) {
        Map<String, String> headers = Map.of("Tus-Resumable", VERSION, "Upload-Offset", Long.toString(offset),
                "Content-Type", "application/offset+octet-stream");
        HttpResponse<byte[]> response = transport.exchange("PATCH", upload(id),
                length == 0 ? BodyPublishers.noBody()
                        : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> body), length), headers,
                PATCH_TIMEOUT);
        if (response.statusCode() != 204) {
            throw transport.failure(response.statusCode(), response.body(), "PATCH", upload(id));
        }
        return offsetOf(response, id);
    }

    /** Terminates the upload (its bytes are deleted on the server). */
    void delete(String id) {
        HttpResponse<byte[]> response = transport.exchange("DELETE", upload(id), BodyPublishers.noBody(),
                Map.of("Tus-Resumable", VERSION), SHORT);
        if (response.statusCode() != 204) {
            throw transport.failure(response.statusCode(), response.body(), "DELETE", upload(id));
        }
    }

    private static long offsetOf(HttpResponse<byte[]> response, String id) {
        String offset = response.headers().firstValue("Upload-Offset").orElse("");
        try {
            return Long.parseLong(offset);
        } catch (NumberFormatException missing) {
            throw new WarrenException.Unreachable("The server's answer about upload " + id + " has no Upload-Offset.",
                    null);
        }
    }

    private static String upload(String id) {
        return "/api/uploads/" + Transport.segment(id);
    }
}
