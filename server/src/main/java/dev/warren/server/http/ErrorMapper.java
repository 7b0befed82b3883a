package dev.warren.server.http;

import com.fasterxml.jackson.core.JacksonException;
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

import java.util.List;
import java.util.UUID;

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

    /** Jackson failures on request bodies arrive wrapped; unwrap them into a readable 400. */
    static BadRequestException badJson(JacksonException error) {
        String location = error.getLocation() == null ? "" : " at line " + error.getLocation().getLineNr()
                + ", column " + error.getLocation().getColumnNr();
        String message = error.getOriginalMessage();
        int cut = message.indexOf(" (class ");
        return new BadRequestException("The request body is not valid JSON for this endpoint" + location + ".",
                cut > 0 ? message.substring(0, cut) : message);
    }

    private static void answer(Context ctx, int status, String error, String detail, List<Validation> validations) {
        ctx.status(status).json(new ErrorResponse(error, detail, validations, null));
    }
}
