package dev.warren.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Spaces.SpaceEvent;
import dev.warren.core.NotFoundException;
import dev.warren.core.UnauthenticatedException;
import dev.warren.server.auth.Caller;
import dev.warren.server.http.Route.Access;
import dev.warren.server.spaces.SpaceEvents;
import dev.warren.server.spaces.SpaceViews;
import io.javalin.config.JavalinConfig;
import io.javalin.http.sse.SseClient;


/**
 * {@code GET /api/events}: server-sent events of space state changes, each delivered only to users who may see
 * the space. Event name {@code space}, data a {@link SpaceEvent}.
 */
final class EventRoutes implements WebExtension {
    private final SpaceEvents events;
    private final SpaceViews views;
    private final ObjectMapper mapper;

    EventRoutes(SpaceEvents events, SpaceViews views, ObjectMapper mapper) {
        this.events = events;
        this.views = views;
        this.mapper = mapper;
    }

    void addTo(Api api) {
        api.tag("spaces").documentOnly("/api/events", "Server-sent events: a 'space' event with a SpaceEvent "
                + "each time a visible space is created or changes, a 'deleted' event when one is deleted.", SpaceEvent.class, Access.USER);
    }

    @Override
    public void configure(JavalinConfig config, Authenticator authenticator) {
        // Authenticate before the stream opens, so a refusal is a plain 401/404 answer, not an empty stream.
        config.routes.before("/api/events", ctx -> {
            Caller caller = authenticator.resolve(ctx).orElseThrow(() ->
                    new UnauthenticatedException("Log in or send a bearer token."));
            if (caller.isSpaceToken()) {
                throw new NotFoundException("The events stream is not available to a space token.");
            }
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new io.javalin.http.HttpResponseException(406, "The events stream is server-sent events: ask"
                        + " for it with the header 'Accept: text/event-stream' (curl -N -H 'Accept: text/event-stream')."
                );
            }
        });
        config.routes.sse("/api/events", client -> {
            Caller who = Authenticator.caller(client.ctx()); // resolved by the filter above
            client.keepAlive();
            client.sendComment("connected");
            Runnable unsubscribe = events.subscribe(change -> {
                if (who.isAdmin() || change.audience().contains(who.userId())) {
                    send(client, change.deleted() ? "deleted" : "space", views.event(change));
                }
            });
            client.onClose(unsubscribe);
        });
    }

    private void send(SseClient client, String name, SpaceEvent event) {
        if (client.terminated()) {
            throw new IllegalStateException("closed"); // drops the subscription
        }
        try {
            client.sendEvent(name, mapper.writeValueAsString(event));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
