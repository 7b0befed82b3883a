package dev.warren.server.e2b;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One HTTP request and its response, as the E2B gateway sees it (the HTTP layer adapts its own types to this, so
 * this package knows no HTTP library). Status and headers must be set before the first byte is written.
 */
public interface E2bExchange {
    String method();

    /** The path below the E2B prefix, starting with {@code /} (e.g. {@code /v2/sandboxes}). */
    String path();

    /** A request header, or null. */
    String header(String name);

    /** A query parameter (the first when repeated), or null. */
    String query(String name);

    InputStream body() throws IOException;

    void status(int status);

    void header(String name, String value);

    /** The response body; flushing it sends what was written so far (streams). */
    OutputStream output() throws IOException;
}
