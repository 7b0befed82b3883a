package dev.warren.client;

import dev.warren.client.transfer.FileUploadException;
import dev.warren.client.transfer.UploadProgress;
import dev.warren.client.transfer.UploadResult;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One {@code PUT /files} request: no upload id, nothing to resume; the SHA-256 is computed as the bytes go. */
final class DirectUpload {
    private DirectUpload() {}

    static UploadResult send(Transport transport, String space, String target, InputStream content, long length,
            Integer mode, Progress progress) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
        String path = "/api/spaces/" + Transport.segment(space) + "/files?path=" + Transport.query(target)
                + (mode == null ? "" : "&mode=" + String.format("%04o", mode));
        InputStream body = progress.counting(new DigestInputStream(new Spool.Bounded(content, length), sha256), 0,
                length);
        progress.tell(UploadProgress.UPLOADING, 0, length);
        try {
            transport.upload(path, length == 0 ? BodyPublishers.noBody()
                    : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> body), length));
        } catch (WarrenException failed) {
            throw FileUploadException.of(failed, null);
        }
        progress.tell(UploadProgress.DONE, length, length);
        return new UploadResult(null, UploadResult.DIRECT, target, length, HexFormat.of().formatHex(sha256.digest()));
    }
}
