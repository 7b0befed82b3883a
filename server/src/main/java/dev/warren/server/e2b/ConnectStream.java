package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response side of one server-streaming Connect call: messages, keepalives from another thread, then exactly one
 * end-of-stream. Writes are serialised; once the client is gone every later write fails with {@link IOException}.
 */
final class ConnectStream {
    private final ConnectFraming framing;
    private final OutputStream out;
    private boolean ended;

    ConnectStream(ConnectFraming framing, OutputStream out) {
        this.framing = framing;
        this.out = out;
    }

    synchronized void send(JsonNode message) throws IOException {
        if (!ended) {
            framing.write(out, message);
        }
    }

    /** Ends the stream ({@code error} null: success). Later calls do nothing. */
    synchronized void end(E2bError error) throws IOException {
        if (!ended) {
            ended = true;
            framing.end(out, error);
        }
    }

    synchronized boolean ended() {
        return ended;
    }
}
