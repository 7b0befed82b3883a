package dev.warren.server.e2b;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of {@code multipart/form-data} (RFC 7578): parts one after another, each body an InputStream
 * that ends at the next boundary. Nothing is buffered beyond one 64 KiB window, so a 20 MB upload flows straight
 * through. Not thread-safe; read each part's body before asking for the next (the rest is skipped otherwise).
 */
final class MultipartStream {
    private static final int MAX_HEADER_LINE = 8192;
    private static final int MAX_HEADERS = 32;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean exhausted;
    private boolean started;
    private boolean finished;
    private PartBody current;

    /** One part: its headers (names lower-cased) and its body. */
    record Part(Map<String, String> headers, InputStream body) {
        /** The {@code filename} parameter of its Content-Disposition, or null. */
        String filename() {
            return parameter(headers.getOrDefault("content-disposition", ""), "filename");
        }

        String name() {
            return parameter(headers.getOrDefault("content-disposition", ""), "name");
        }
    }

    MultipartStream(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw E2bError.invalid("The multipart body has no usable boundary.");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // the first boundary has no CRLF before it: pretend it had, so one delimiter fits all
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundary(String contentType) {
        return contentType == null ? null : parameter(contentType, "boundary");
    }

    /** The next part, or null after the closing boundary. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.skipRest();
        } else if (!started) {
            byte[] skip = new byte[4096];
            while (readBody(skip, 0, skip.length) >= 0) {
                // the preamble is ignored
            }
        }
        started = true;
        String after = new String(readExactly(2), StandardCharsets.ISO_8859_1);
        if (after.equals("--")) {
            finished = true;
            return null;
        }
        if (!after.equals("\r\n")) {
            throw E2bError.invalid("The multipart body is malformed after a boundary.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0 && headers.size() < MAX_HEADERS) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        current = new PartBody();
        return new Part(headers, current);
    }

    /** Reads body bytes up to the next delimiter; -1 once it is reached (and consumed). */
    private int readBody(byte[] target, int offset, int length) throws IOException {
        while (true) {
            int found = indexOfDelimiter();
            if (found == position) {
                position += delimiter.length;
                return -1;
            }
            int safe = found >= 0 ? found : limit - (delimiter.length - 1);
            if (safe > position) {
                int count = Math.min(length, safe - position);
                System.arraycopy(buffer, position, target, offset, count);
                position += count;
                return count;
            }
            if (!fill()) {
                throw E2bError.invalid("The multipart body ended before its closing boundary.");
            }
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        for (int i = position; i <= limit - delimiter.length; i++) {
            if (buffer[i] != first) {
                continue;
            }
            int j = 1;
            while (j < delimiter.length && buffer[i + j] == delimiter[j]) {
                j++;
            }
            if (j == delimiter.length) {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        if (exhausted) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            exhausted = true;
            return false;
        }
        limit += read;
        return true;
    }

    private byte[] readExactly(int count) throws IOException {
        while (limit - position < count) {
            if (!fill()) {
                throw new EOFException("The multipart body ended early.");
            }
        }
        byte[] bytes = new byte[count];
        System.arraycopy(buffer, position, bytes, 0, count);
        position += count;
        return bytes;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position >= limit && !fill()) {
                throw new EOFException("The multipart body ended inside a part's headers.");
            }
            char c = (char) (buffer[position++] & 0xff);
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw E2bError.invalid("A multipart header line is longer than " + MAX_HEADER_LINE + " bytes.");
            }
            line.append(c);
        }
    }

    static String parameter(String header, String name) {
        for (String piece : header.split(";")) {
            String part = piece.strip();
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).strip().equalsIgnoreCase(name)) {
                String value = part.substring(equals + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** The body of the current part: ends (-1) at the next boundary. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int read = readBody(target, offset, length);
            if (read < 0) {
                done = true;
            }
            return read;
        }

        void skipRest() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // drained
            }
        }
    }
}
