package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Connect protocol's streaming envelopes (connectrpc.com/docs/protocol#streaming-rpcs): one flags byte, a 4-byte
 * big-endian length, then the message. Flag {@code 0x02} marks the end-of-stream message, a JSON object holding an
 * {@code error} ({@code code}, {@code message}) when the call failed; {@code 0x01} marks a compressed message, which
 * this server never negotiates and so refuses. JSON codec only. Stateless; the writer methods are not synchronised
 * (callers writing from two threads lock the stream).
 */
public final class ConnectFraming {
    static final int END_STREAM = 0x02;
    private static final int COMPRESSED = 0x01;
    /** The largest message accepted from a client: stdin chunks and requests are small; this bounds memory. */
    static final int MAX_MESSAGE = 4 * 1024 * 1024;

    private final ObjectMapper mapper;

    public ConnectFraming(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One envelope read from {@code in}; null at a clean end of input (before any byte of a new envelope). */
    public Envelope read(InputStream in) throws IOException {
        int flags = in.read();
        if (flags < 0) {
            return null;
        }
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new EOFException("The request ended inside an envelope header.");
        }
        long length = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        if ((flags & COMPRESSED) != 0) {
            throw E2bError.invalid("Compressed Connect messages are not accepted; send them uncompressed.");
        }
        if (length > MAX_MESSAGE) {
            throw new E2bError(429, ConnectCode.RESOURCE_EXHAUSTED, "A Connect message is limited to "
                    + MAX_MESSAGE + " bytes, not " + length + ".");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("The request ended inside a message.");
        }
        return new Envelope(flags, payload);
    }

    /** Parses an envelope's payload as a JSON object; anything else is an invalid argument. */
    public JsonNode json(byte[] payload) {
        try {
            JsonNode node = payload.length == 0 ? mapper.createObjectNode() : mapper.readTree(payload);
            if (node == null || !node.isObject()) {
                throw E2bError.invalid("A Connect message must be a JSON object.");
            }
            return node;
        } catch (IOException notJson) {
            throw E2bError.invalid("A Connect message is not valid JSON.");
        }
    }

    /** Writes one message envelope and flushes it, so the client sees it at once. */
    public void write(OutputStream out, JsonNode message) throws IOException {
        frame(out, 0, mapper.writeValueAsBytes(message));
    }

    /** Writes the end-of-stream envelope: {@code {}} on success, else the error. */
    public void end(OutputStream out, E2bError error) throws IOException {
        ObjectNode end = mapper.createObjectNode();
        if (error != null) {
            end.set("error", errorBody(error));
        }
        frame(out, END_STREAM, mapper.writeValueAsBytes(end));
    }

    /** The JSON of a Connect error: {@code {"code": "not_found", "message": "…"}}. */
    public ObjectNode errorBody(E2bError error) {
        ObjectNode body = mapper.createObjectNode();
        body.put("code", error.code().wireName());
        body.put("message", error.getMessage());
        return body;
    }

    private static void frame(OutputStream out, int flags, byte[] payload) throws IOException {
        byte[] header = {(byte) flags, (byte) (payload.length >>> 24), (byte) (payload.length >>> 16),
                (byte) (payload.length >>> 8), (byte) payload.length};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /** One envelope: its flags and its (uncompressed) payload. */
    public record Envelope(int flags, byte[] payload) {
        public boolean endOfStream() {
            return (flags & END_STREAM) != 0;
        }
    }
}
