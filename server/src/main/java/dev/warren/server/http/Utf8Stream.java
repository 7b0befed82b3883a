package dev.warren.server.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns one output stream's chunks into text without breaking a character that spans two chunks: the incomplete
 * tail of a chunk waits for the next one. Invalid bytes become U+FFFD. Not thread-safe (one per stream).
 */
final class Utf8Stream {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    String decode(byte[] chunk) {
        ByteBuffer input = ByteBuffer.allocate(pending.remaining() + chunk.length);
        input.put(pending).put(chunk).flip();
        CharBuffer output = CharBuffer.allocate(input.remaining() + 1);
        decoder.decode(input, output, false);
        pending = input.slice();
        return output.flip().toString();
    }

    /** What is left at the end of the stream (an incomplete character becomes U+FFFD). */
    String finish() {
        CharBuffer output = CharBuffer.allocate(pending.remaining() + 2);
        decoder.decode(pending, output, true);
        decoder.flush(output);
        pending = ByteBuffer.allocate(0);
        return output.flip().toString();
    }
}
