package dev.warren.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.net.URI;
import java.time.Duration;

/** Builds docker-java clients for one address. */
final class DockerClients {
    private DockerClients() {
    }

    /**
     * A client for {@code host}. The API version stays unset on purpose: requests then go to unversioned paths
     * and every engine answers with its own version (Docker 20.10 serves 1.41, newer ones need 1.44 or more).
     *
     * @param responseTimeout null for none: exec, logs and file copies may legitimately run for a long time
     */
    static DockerClient create(String host, Duration responseTimeout) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .withDockerTlsVerify(false)
                .build();
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }
}
