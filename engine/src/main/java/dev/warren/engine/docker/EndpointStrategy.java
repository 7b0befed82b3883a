package dev.warren.engine.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One way of finding an engine's address (testcontainers style). A strategy only proposes an address;
 * the {@link EngineLocator} checks that something answers there.
 */
public interface EndpointStrategy {

    /** Says where the address comes from, e.g. {@code DOCKER_HOST}; used in failure messages. */
    String source();

    /** The address to try, e.g. {@code unix:///var/run/docker.sock}, or empty when this strategy has none. */
    Optional<String> host();

    /** An address set in warren's own configuration; proposes nothing when blank. */
    static EndpointStrategy configured(String host) {
        return of("configured engine", host == null || host.isBlank() ? null : host.strip());
    }

    /** The {@code DOCKER_HOST} variable of the given environment, as the docker CLI reads it. */
    static EndpointStrategy dockerHostVariable(Map<String, String> environment) {
        return of("DOCKER_HOST", environment.get("DOCKER_HOST"));
    }

    /** A unix socket at a well-known path; proposes nothing when no socket file exists there. */
    static EndpointStrategy socket(String source, Path socket) {
        return new EndpointStrategy() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public Optional<String> host() {
                return Optional.of("unix://" + socket);
            }

            @Override
            public String toString() {
                return source + " (" + socket + (Files.exists(socket) ? ")" : ", absent)");
            }
        };
    }

    /** A fixed address (or none when {@code host} is null). */
    static EndpointStrategy of(String source, String host) {
        return new EndpointStrategy() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public Optional<String> host() {
                return Optional.ofNullable(host).filter(h -> !h.isBlank());
            }

            @Override
            public String toString() {
                return source + " (" + (host == null ? "unset" : host) + ")";
            }
        };
    }
}
