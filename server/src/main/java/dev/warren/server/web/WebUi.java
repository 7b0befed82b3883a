package dev.warren.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.server.http.Authenticator;
import dev.warren.server.http.WebExtension;
import dev.warren.server.spaces.SpaceService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

/**
 * The web UI: login, Spaces, a space's page, Templates, Create Space, Snapshots, Volumes, Profile, Users and the
 * web terminal. Pages are served from
 * {@code /web/pages} on the classpath with the caller and CSRF token filled in; everything else they need comes from
 * the JSON API. Assets: {@code /static} (ours) and {@code /vendor} (xterm.js, Alpine.js, copied from npm at build).
 */
public final class WebUi implements WebExtension {
    private final SpaceService spaces;
    private final ObjectMapper mapper;

    public WebUi(SpaceService spaces, ObjectMapper mapper) {
        this.spaces = spaces;
        this.mapper = mapper;
    }

    @Override
    public void configure(JavalinConfig config, Authenticator authenticator) {
        Map<String, String> noStore = Map.of("Cache-Control", "no-cache");
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/web/static";
            files.location = Location.CLASSPATH;
            files.headers = noStore;
        });
        config.staticFiles.add(files -> {
            files.hostedPath = "/vendor";
            files.directory = "/web/vendor";
            files.location = Location.CLASSPATH;
        });
        new Pages(authenticator, mapper).register(config.routes);
        new TerminalSocket(spaces, authenticator, mapper).register(config.routes);
    }
}
