package dev.warren.engine.docker;

import dev.warren.engine.EngineUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class EngineLocatorIT {
    private final String docker = DockerApiContract.host("WARREN_TEST_DOCKER_HOST", "unix://" + EngineLocator.DOCKER_SOCKET);

    @Test
    void when_no_engine_answers_the_failure_lists_every_attempt() {
        var locator = new EngineLocator(List.of(
                EndpointStrategy.configured("unix:///tmp/warren-no-such-engine.sock"),
                EndpointStrategy.dockerHostVariable(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1")),
                EndpointStrategy.dockerHostVariable(Map.of()),
                EndpointStrategy.of("bogus", "ftp://example")));

        assertThatThrownBy(locator::locate)
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("configured engine unix:///tmp/warren-no-such-engine.sock: no socket file")
                .hasMessageContaining("DOCKER_HOST tcp://127.0.0.1:1: did not answer a ping")
                .hasMessageContaining("DOCKER_HOST (unset): nothing configured")
                .hasMessageContaining("unsupported scheme 'ftp'")
                .asInstanceOf(type(EngineUnavailableException.class))
                .extracting(EngineUnavailableException::attempts).asList().hasSize(4);
    }

    @Test
    void the_first_engine_that_answers_wins() {
        var locator = new EngineLocator(List.of(
                EndpointStrategy.configured("unix:///tmp/warren-no-such-engine.sock"),
                EndpointStrategy.configured(docker),
                EndpointStrategy.configured("unix:///tmp/warren-never-asked.sock")));
        try (var engine = locator.locate()) {
            assertThat(engine.info().host()).isEqualTo(docker);
        }
    }

    @Test
    void a_socket_file_nobody_listens_on_is_reported_as_silent() throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("warren-locator");
        var path = dir.resolve("dead.sock");
        try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(java.net.UnixDomainSocketAddress.of(path));
        }
        assertThatThrownBy(() -> EngineLocator.connect("unix://" + path))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("unix://" + path + ": did not answer a ping");
    }
}
