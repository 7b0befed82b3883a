package dev.warren.cli;

import dev.warren.client.StubServer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code warren space url}: the URL, a preview link with its life, public and private, over a real socket. */
class SpaceUrlCommandTest {
    private static final String URL = "{\"url\":\"http://8080-sp1.localhost:8081\",\"port\":8080,"
            + "\"space_id\":\"sp1\",\"public_port\":false}";
    private StubServer stub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
        stub.json("GET", "/api/spaces/web/ports/8080/url", 200, URL);
        stub.json("PUT", "/api/spaces/web/ports/8080/public", 200, URL.replace("false", "true"));
        stub.json("POST", "/api/spaces/web/ports/8080/previews", 201, "{\"id\":\"p1\",\"token\":\"wrp_x\","
                + "\"url\":\"http://8080-sp1.localhost:8081/?warren_preview=wrp_x\",\"port\":8080,"
                + "\"space_id\":\"sp1\",\"expires_at\":\"2030-01-01T00:00:00Z\"}");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private int run(String... args) {
        return WarrenCommand.commandLine(Map.of("WARREN_SERVER", stub.url(), "WARREN_TOKEN", "t",
                "HOME", "/nonexistent-home"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    @Test
    void the_url_of_a_port_is_printed() {
        assertThat(run("space", "url", "web", "8080")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("http://8080-sp1.localhost:8081\n");
    }

    @Test
    void a_preview_link_asks_for_the_given_life_and_prints_the_link() throws Exception {
        assertThat(run("space", "url", "web", "8080", "--preview", "--ttl", "10m")).isZero();
        assertThat(new ObjectMapper().readTree(stub.last().body()).get("ttl_seconds").asLong()).isEqualTo(600);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("?warren_preview=wrp_x");
    }

    @Test
    void public_changes_the_port_first_and_json_prints_the_record() throws Exception {
        assertThat(run("space", "url", "web", "8080", "--public", "--json")).isZero();
        assertThat(stub.last().method()).isEqualTo("PUT");
        assertThat(new ObjectMapper().readTree(stub.last().body()).get("public_port").asBoolean()).isTrue();
        assertThat(new ObjectMapper().readTree(out.toByteArray()).get("public_port").asBoolean()).isTrue();
    }

    @Test
    void lives_are_seconds_or_a_number_with_a_unit_and_anything_else_is_refused() {
        assertThat(SpaceUrlCommand.parseTtl("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SpaceUrlCommand.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SpaceUrlCommand.parseTtl("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(SpaceUrlCommand.parseTtl("7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> SpaceUrlCommand.parseTtl("1.5h")).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> SpaceUrlCommand.parseTtl("soon")).hasMessageContaining("'soon'");
    }

    @Test
    void public_and_private_together_are_a_usage_error_and_send_nothing() {
        int before = stub.requests.size();
        assertThat(run("space", "url", "web", "8080", "--public", "--private")).isNotZero();
        assertThat(stub.requests).hasSize(before);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--public or --private");
    }
}
