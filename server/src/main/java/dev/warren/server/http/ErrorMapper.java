package dev.warren.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.warren.client.wire.ErrorResponse;
import dev.warren.client.wire.ErrorResponse.Validation;
import dev.warren.core.ConflictException;
import dev.warren.core.EngineFailureException;
import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.UnauthenticatedException;
import dev.warren.core.ValidationException;
import dev.warren.core.WrongStateException;
import dev.warren.server.auth.TooManyRequestsException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The single mapping from exceptions to HTTP answers. Domain errors carry sentences safe to show; anything else is
 * a 500 with a correlation id, logged once here with its stack trace, its text never sent to the client.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    void handle(Exception error, Context ctx) {
        switch (error) {
            case ValidationException invalid -> answer(ctx, 400, invalid.getMessage(), "The request is invalid.",
                    invalid.errors().stream().map(e -> new Validation(e.field(), e.message())).toList());
            case BadRequestException bad -> answer(ctx, 400, bad.getMessage(), bad.detail(), List.of());
            case UnauthenticatedException unauthenticated -> answer(ctx, 401, unauthenticated.getMessage(),
                    "Authentication is required.", List.of());
            case ForbiddenException forbidden -> answer(ctx, 403, forbidden.getMessage(), "Not allowed.", List.of());
            case NotFoundException missing -> answer(ctx, 404, missing.getMessage(), "Not found.", List.of());
            case ConflictException conflict -> answer(ctx, 409, conflict.getMessage(), "Conflict.", List.of());
            case PayloadTooLargeException large -> answer(ctx, 413, large.getMessage(), "Payload too large.", List.of());
            case WrongStateException state -> answer(ctx, 423, state.getMessage(), "Wrong state.", List.of());
            case TooManyRequestsException many -> answer(ctx, 429, many.getMessage(), "Too many requests.", List.of());
            case dev.warren.server.uploads.UploadRefusedException upload -> answer(ctx, upload.status(),
                    upload.getMessage(), "The upload was refused.", upload.field() == null ? List.of()
                            : List.of(new Validation(upload.field(), upload.getMessage())));
            case EngineFailureException engine -> {
                String id = UUID.randomUUID().toString();
                LOG.warn("Engine failure [{}]: {}", id, engine.getMessage(), engine.getCause());
                ctx.status(503).json(new ErrorResponse(engine.getMessage(), "The container engine failed.", List.of(), id));
            }
            case HttpResponseException http -> answer(ctx, http.getStatus(), http.getMessage(), "", List.of());
            default -> {
                String id = UUID.randomUUID().toString();
                LOG.error("Internal error [{}] on {} {}", id, ctx.method(), ctx.path(), error);
                ctx.status(500).json(new ErrorResponse("An internal error occurred; quote the correlation id "
                        + "when reporting it.", "", List.of(), id));
            }
        }
    }

    /**
     * A Jackson failure on a request body, told in the API's words: the JSON field path in snake_case as the client
     * sent it ({@code custom_fields[0].name}), JSON type names ("a number", "a list"), never a Java class or a
     * Jackson internal. {@code body} (may be null) lets the answer say what was found at the path.
     */
    static BadRequestException badJson(JacksonException error, byte[] body) {
        String where = where(error.getLocation());
        StreamReadException syntax = syntaxCause(error);
        if (syntax != null && !(syntax instanceof InputCoercionException)) {
            return notJson(reason(syntax), where(syntax.getLocation()));
        }
        if (error instanceof InvalidDefinitionException definition) {
            // Not the client's fault: a wire type Jackson cannot bind. A 500 with a correlation id, logged.
            throw new IllegalStateException("A request type cannot be read from JSON", definition);
        }
        if (!(error instanceof JsonMappingException mapping)) {
            return new BadRequestException("The body could not be read as JSON.", where);
        }
        String path = path(mapping.getPath());
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new BadRequestException("Unknown field '" + path + "'.",
                    (known.isEmpty() ? "" : "Known fields here: " + known + ". ") + where);
        }
        JsonNode root = tree(body);
        if (path.isEmpty()) {
            if (root == null || !root.isObject()) {
                return new BadRequestException("The body must be a JSON object.",
                        root == null ? where : "Found " + describe(root) + ".");
            }
            return new BadRequestException("The body does not have the shape this endpoint expects.", where);
        }
        String found = describe(at(root, mapping.getPath()));
        String context = found == null ? where : "Found " + found + (where.isEmpty() ? "." : " " + uncapitalize(where));
        if (syntax instanceof InputCoercionException coercion) {
            return new BadRequestException("The field '" + path + "' must be a number "
                    + range(coercion.getTargetType()) + ".", context);
        }
        String expected = mapping instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType())
                : null;
        return new BadRequestException(expected == null
                ? "The field '" + path + "' has a value this endpoint cannot use."
                : "The field '" + path + "' must be " + expected + ".", context);
    }

    /** Malformed JSON: the sentence names the reason in plain words, the detail where it is. */
    static BadRequestException notJson(String reason, String where) {
        return new BadRequestException("The body is not valid JSON: " + reason + ".", where);
    }

    /** The parse failure under a mapping failure (or the failure itself), if any. */
    private static StreamReadException syntaxCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException read) {
                return read;
            }
        }
        return null;
    }

    /** Jackson's parser messages without its internals: "unexpected character ('x'): was expecting ...". */
    private static String reason(StreamReadException error) {
        if (error instanceof JsonEOFException) {
            return "it ends before the JSON value is complete";
        }
        String message = error.getOriginalMessage() == null ? "" : error.getOriginalMessage();
        int cut = message.indexOf('\n');
        message = (cut >= 0 ? message.substring(0, cut) : message)
                .replaceAll("\\s*\\(code -?\\d+\\)", "")
                .replaceAll("\\s*\\[Source:.*$", "")
                .strip();
        while (message.endsWith(".") || message.endsWith(":")) {
            message = message.substring(0, message.length() - 1);
        }
        if (message.isEmpty() || INTERNALS.matcher(message).find()) {
            return "it could not be parsed";
        }
        if (message.length() > 160) {
            message = message.substring(0, 157) + "...";
        }
        return uncapitalize(message);
    }

    /** Words that would mean Jackson's message leaks Java or Jackson internals to the client. */
    private static final Pattern INTERNALS = Pattern.compile(
            "dev\\.warren|java\\.|javax\\.|com\\.fasterxml|`|JsonToken|Feature|\\bclass\\b|\\$[A-Z]");

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "At line " + location.getLineNr() + ", column " + location.getColumnNr() + ".";
    }

    /** The JSON path as the client wrote it: {@code custom_fields[0].name}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The body as a tree, to say what was found at a path; null when it is not JSON at all. */
    private static JsonNode tree(byte[] body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode node = TREES.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static final ObjectMapper TREES = new ObjectMapper();

    private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> references) {
        JsonNode node = root;
        for (JsonMappingException.Reference reference : references) {
            if (node == null) {
                return null;
            }
            node = reference.getFieldName() != null ? node.get(reference.getFieldName())
                    : reference.getIndex() >= 0 ? node.get(reference.getIndex()) : null;
        }
        return node;
    }

    /** A JSON value in JSON's words, or null when unknown. */
    private static String describe(JsonNode node) {
        if (node == null) {
            return null;
        }
        return switch (node.getNodeType()) {
            case STRING, BINARY -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> node.booleanValue() ? "true" : "false";
            case NULL -> "null";
            case ARRAY -> "a list";
            case OBJECT, POJO -> "an object";
            case MISSING -> null;
        };
    }

    /** What a field of this Java type must be, in JSON's words; null when there is no plain answer. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type == Character.class || type == char.class || type == UUID.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of the allowed values";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as \"PT30S\"";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as \"2026-01-31T12:00:00Z\"";
        }
        return "an object";
    }

    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Short.class || type == short.class) {
            return "from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (type == Byte.class || type == byte.class) {
            return "from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return "in range";
    }

    private static String uncapitalize(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static void answer(Context ctx, int status, String error, String detail, List<Validation> validations) {
        ctx.status(status).json(new ErrorResponse(error, detail, validations, null));
    }
}
