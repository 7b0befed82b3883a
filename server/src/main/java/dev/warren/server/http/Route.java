package dev.warren.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One documented API route. {@code requestBody} and {@code response} are the wire record types (or null);
 * {@code access} says who may call it, for the document and for the authentication filter.
 */
record Route(HandlerType method, String path, String tag, String summary, Class<?> requestBody, Class<?> response,
        Access access, Handler handler) {

    enum Access {
        /** No credentials needed. */
        PUBLIC,
        /** Any authenticated user; space tokens are refused. */
        USER,
        /** Any authenticated caller, including space tokens (confined to their space by the service). */
        USER_OR_SPACE,
        /** Admins only. */
        ADMIN
    }
}
