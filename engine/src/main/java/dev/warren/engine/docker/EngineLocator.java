package dev.warren.engine.docker;

import dev.warren.engine.Engine;
import dev.warren.engine.EngineUnavailableException;
import dev.warren.engine.EngineUnavailableException.Attempt;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a container engine: tries each {@link EndpointStrategy} in order and connects to the first address
 * that answers a ping. When none answers, the exception lists every attempt and its failure.
 * Immutable and thread-safe; every call connects anew and the caller closes the engine it gets.
 */
public final class EngineLocator {
    public static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    public static final Path PODMAN_SOCKET = Path.of("/run/podman/podman.sock");
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

    private final List<EndpointStrategy> strategies;
    private final HostLimits limits;

    public EngineLocator(List<EndpointStrategy> strategies) {
        this(strategies, HostLimits.ofThisProcess());
    }

    EngineLocator(List<EndpointStrategy> strategies, HostLimits limits) {
        this.strategies = List.copyOf(strategies);
        this.limits = limits;
    }

    /**
     * The usual order: warren's configured address (may be null), {@code DOCKER_HOST}, Docker's socket,
     * Podman's rootful API socket.
     */
    public static EngineLocator standard(String configuredHost, Map<String, String> environment) {
        return new EngineLocator(List.of(
                EndpointStrategy.configured(configuredHost),
                EndpointStrategy.dockerHostVariable(environment),
                EndpointStrategy.socket("Docker socket", DOCKER_SOCKET),
                EndpointStrategy.socket("Podman socket", PODMAN_SOCKET)));
    }

    /** Connects to the first engine that answers. Blocking (a few seconds per silent address at most). */
    public Engine locate() {
        var attempts = new ArrayList<Attempt>();
        for (var strategy : strategies) {
            Optional<String> host = strategy.host();
            if (host.isEmpty()) {
                attempts.add(new Attempt(strategy.source(), "(unset)", "nothing configured"));
                continue;
            }
            Optional<String> failure = ping(host.get());
            if (failure.isEmpty()) {
                return new DockerEngine(host.get(), DockerClients.create(host.get(), null), limits);
            }
            attempts.add(new Attempt(strategy.source(), host.get(), failure.get()));
        }
        throw new EngineUnavailableException(attempts);
    }

    /** Connects to the engine at exactly {@code host}, e.g. when tests need Docker and Podman at once. */
    public static Engine connect(String host) {
        return new EngineLocator(List.of(EndpointStrategy.of("requested engine", host))).locate();
    }

    /** Empty when something answers the ping at {@code host}, else why not, as a short phrase. */
    private static Optional<String> ping(String host) {
        URI uri;
        try {
            uri = URI.create(host);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a valid address (" + e.getMessage() + ")");
        }
        if ("unix".equals(uri.getScheme())) {
            Path socket = Path.of(uri.getPath());
            if (!Files.exists(socket)) {
                return Optional.of("no socket file at " + socket);
            }
        } else if (!"tcp".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            return Optional.of("unsupported scheme '" + uri.getScheme() + "' (use unix:// or tcp://)");
        }
        try (var client = DockerClients.create(host, PING_TIMEOUT)) {
            client.pingCmd().exec();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("did not answer a ping (" + rootMessage(e) + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }
}
