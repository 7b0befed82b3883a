package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.runtime.agent.FileInfo;
import dev.warren.runtime.agent.FileType;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceIo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * envd's {@code /files} routes: download a file ({@code GET}, streamed, with its length), upload one or more
 * ({@code POST}, {@code multipart/form-data} with a part per file, or a raw {@code application/octet-stream} body,
 * optionally gzip-encoded), creating parent directories and replacing what is there. Bodies stream through to the
 * sandbox; nothing is held in memory. Thread-safe.
 */
final class EnvdFileTransfer {
    private static final int FILE_MODE = 0644;

    private final SpaceIo io;
    private final EnvdJson json;

    EnvdFileTransfer(SpaceIo io, EnvdJson json) {
        this.io = io;
        this.json = json;
    }

    void download(Caller caller, String sandbox, E2bExchange exchange) throws IOException {
        String given = exchange.query("path");
        if (given == null || given.isEmpty()) {
            throw E2bError.invalid("The query parameter 'path' is required.");
        }
        String path = EnvdJson.absolute(given);
        FileInfo info = io.stat(caller, sandbox, path);
        if (info.type() == FileType.DIRECTORY) {
            throw E2bError.invalid("path '" + path + "' is a directory");
        }
        exchange.status(200);
        exchange.header("Content-Type", "application/octet-stream");
        if (info.type() == FileType.FILE) {
            exchange.header("Content-Length", Long.toString(info.size()));
        }
        io.readFile(caller, sandbox, path, exchange.output());
    }

    /** Writes the uploaded file(s) and answers envd's list of {@code {name, type, path}}. */
    ArrayNode upload(Caller caller, String sandbox, E2bExchange exchange) throws IOException {
        String queryPath = exchange.query("path");
        String contentType = String.valueOf(exchange.header("Content-Type")).toLowerCase(Locale.ROOT);
        InputStream body = exchange.body();
        String encoding = exchange.header("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            body = new GZIPInputStream(body);
        } else if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            throw new E2bError(415, ConnectCode.INVALID_ARGUMENT, "Content-Encoding '" + encoding + "' is not"
                    + " supported; use gzip or none.");
        }
        ArrayNode written = json.mapper().createArrayNode();
        if (contentType.startsWith("multipart/form-data")) {
            MultipartStream parts = new MultipartStream(body, MultipartStream.boundary(exchange.header("Content-Type")));
            MultipartStream.Part part;
            boolean first = true;
            while ((part = parts.next()) != null) {
                String target = first && queryPath != null && !queryPath.isEmpty() ? queryPath : part.filename();
                if (target == null || target.isEmpty()) {
                    throw E2bError.invalid("Each uploaded part needs a file name, or give the query parameter"
                            + " 'path'.");
                }
                written.add(write(caller, sandbox, EnvdJson.absolute(target), part.body()));
                first = false;
            }
            if (written.isEmpty()) {
                throw E2bError.invalid("The multipart body holds no file.");
            }
        } else if (contentType.startsWith("application/octet-stream")) {
            if (queryPath == null || queryPath.isEmpty()) {
                throw E2bError.invalid("The query parameter 'path' is required with application/octet-stream.");
            }
            written.add(write(caller, sandbox, EnvdJson.absolute(queryPath), body));
        } else {
            throw new E2bError(415, ConnectCode.INVALID_ARGUMENT, "Upload files as multipart/form-data or"
                    + " application/octet-stream.");
        }
        return written;
    }

    private ObjectNode write(Caller caller, String sandbox, String path, InputStream content) {
        io.writeFile(caller, sandbox, path, content, FILE_MODE);
        ObjectNode entry = json.object();
        entry.put("name", path.substring(path.lastIndexOf('/') + 1));
        entry.put("type", "file");
        entry.put("path", path);
        return entry;
    }
}
