package dev.warren.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Health;
import dev.warren.core.spec.TemplateSpecParser;
import dev.warren.server.auth.AuthService;
import dev.warren.server.scripts.ScriptService;
import dev.warren.server.spaces.SpaceEvents;
import dev.warren.server.spaces.SpaceIo;
import dev.warren.server.spaces.SpaceService;
import dev.warren.server.spaces.SpaceViews;
import dev.warren.server.templates.TemplateService;
import dev.warren.server.users.UserService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;
import java.util.function.Supplier;

/** Everything the HTTP layer serves, passed in one piece from the wiring. */
public record ApiServices(
        AuthService auth,
        UserService users,
        TemplateService templates,
        TemplateSpecParser parser,
        SpaceService spaces,
        SpaceIo io,
        SpaceViews views,
        SpaceEvents events,
        ScriptService scripts,
        ObjectMapper mapper,
        PrometheusMeterRegistry metrics,
        Supplier<Health> health,
        List<RouteContributor> contributors) {

    /** Routes added by other packages (port forwarding), documented like the rest. */
    public interface RouteContributor {
        void addTo(RouteTable table);
    }
}
