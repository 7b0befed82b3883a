package dev.warren.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON request bodies with a size limit and turns every parse failure into a clear 400 in the API's words
 * (see {@link ErrorMapper#badJson}): one JSON value, nothing after it. Thread-safe.
 */
final class Bodies {
    private final ObjectMapper mapper;
    private final long maxBytes;

    Bodies(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    <T> T read(Context ctx, Class<T> type) {
        return read(ctx, type, false);
    }

    /** The same, but an empty body (every field left out) is null instead of a refusal. */
    <T> T readOptional(Context ctx, Class<T> type) {
        return read(ctx, type, true);
    }

    private <T> T read(Context ctx, Class<T> type, boolean optional) {
        long declared = ctx.contentLength();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException error) {
            throw new BadRequestException("The request body could not be read.",
                    "The connection failed while the body was arriving.");
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        if (blank(body)) {
            if (optional) {
                return null;
            }
            throw new BadRequestException("The request needs a JSON body.", "The body was empty.");
        }
        try (JsonParser parser = mapper.createParser(body)) {
            T value = mapper.readValue(parser, type);
            if (value == null) {
                throw new BadRequestException("The body must be a JSON object.", "Found null.");
            }
            if (parser.nextToken() != null) {
                throw ErrorMapper.notJson("there is more after the JSON value",
                        "At line " + parser.currentLocation().getLineNr() + ", column "
                                + parser.currentLocation().getColumnNr() + ".");
            }
            return value;
        } catch (JacksonException error) {
            throw ErrorMapper.badJson(error, body);
        } catch (IOException error) {
            throw new BadRequestException("The request body could not be read.", "");
        }
    }

    /** Empty or only JSON whitespace. */
    private static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("The request body is larger than " + maxBytes + " bytes.");
    }
}
