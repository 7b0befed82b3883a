package dev.warren.cli;

import dev.warren.client.StubServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both forms of the seed's port commands, decided by argument count, parsed and sent over a real socket. */
class PortArgumentsTest {
    private static final String FRONTEND = "{\"id\":\"sp-front\",\"name\":\"frontend\",\"is_running\":true,"
            + "\"is_pending\":false,\"is_deleting\":false,\"update_available\":false,\"healthy\":true}";
    private final ObjectMapper json = new ObjectMapper();
    private StubServer stub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
        stub.json("GET", "/api/spaces/frontend", 200, FRONTEND);
        stub.json("POST", "/space-io/sp-front/port/forward", 200, "{}");
        stub.json("POST", "/space-io/sp-self/port/forward", 200, "{}");
        stub.json("POST", "/space-io/sp-front/port/stop", 204, "");
        stub.json("POST", "/space-io/sp-self/port/stop", 204, "");
        String list = "{\"forwards\":[{\"local_port\":8080,\"space\":\"backend-api\",\"remote_port\":3000,\"persistent\":true}]}";
        stub.json("GET", "/space-io/sp-front/port/list", 200, list);
        stub.json("GET", "/space-io/sp-self/port/list", 200, list);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private int run(boolean insideSpace, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("WARREN_SERVER", stub.url(), "WARREN_TOKEN", "t",
                "HOME", "/nonexistent-home"));
        if (insideSpace) {
            env.put("WARREN_SPACE_ID", "sp-self");
            env.put("WARREN_SPACE_NAME", "self");
        }
        return WarrenCommand.commandLine(env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private JsonNode lastBody() throws Exception {
        return json.readTree(stub.last().body());
    }

    @Test
    void three_arguments_in_a_space_forward_from_the_current_space() {
        PortCommand.ForwardArgs parsed = PortCommand.parseForward(List.of("8080", "backend-api", "3000"), "sp-self");
        assertThat(parsed).isEqualTo(new PortCommand.ForwardArgs(null, 8080, "backend-api", 3000));
    }

    @Test
    void four_arguments_forward_from_the_named_space() {
        PortCommand.ForwardArgs parsed = PortCommand.parseForward(List.of("frontend", "8080", "backend-api", "3000"),
                null);
        assertThat(parsed).isEqualTo(new PortCommand.ForwardArgs("frontend", 8080, "backend-api", 3000));
    }

    @Test
    void three_arguments_outside_a_space_are_a_usage_error_showing_the_desktop_form() {
        assertThatThrownBy(() -> PortCommand.parseForward(List.of("8080", "backend-api", "3000"), null))
                .isInstanceOf(ExitCodes.UsageException.class).hasMessageContaining("<from-space> <from-port>");
    }

    @Test
    void ports_must_be_numbers_from_1_to_65535() {
        assertThatThrownBy(() -> PortCommand.parseForward(List.of("0", "b", "3000"), "sp"))
                .hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> PortCommand.parseForward(List.of("front", "http", "b", "3000"), null))
                .hasMessageContaining("'http'");
        assertThatThrownBy(() -> PortCommand.parseStop(List.of("65536"), "sp")).hasMessageContaining("65536");
    }

    @Test
    void list_and_stop_take_the_source_only_outside_a_space() {
        assertThat(PortCommand.parseList(List.of(), "sp")).isEqualTo(new PortCommand.SourceArgs(null, null));
        assertThat(PortCommand.parseList(List.of("frontend"), null)).isEqualTo(new PortCommand.SourceArgs("frontend", null));
        assertThat(PortCommand.parseStop(List.of("8080"), "sp")).isEqualTo(new PortCommand.SourceArgs(null, 8080));
        assertThat(PortCommand.parseStop(List.of("frontend", "8080"), null))
                .isEqualTo(new PortCommand.SourceArgs("frontend", 8080));
        assertThatThrownBy(() -> PortCommand.parseList(List.of(), null)).hasMessageContaining("port list <space>");
        assertThatThrownBy(() -> PortCommand.parseStop(List.of("a", "b", "c"), null))
                .hasMessageContaining("3 argument(s)");
    }

    @Test
    void the_in_space_form_sends_the_current_space_with_persistent_and_force() throws Exception {
        assertThat(run(true, "port", "forward", "-p", "8080", "backend-api", "3000", "--force")).isZero();
        assertThat(stub.last().path()).isEqualTo("/space-io/sp-self/port/forward");
        JsonNode body = lastBody();
        assertThat(body.get("local_port").asInt()).isEqualTo(8080);
        assertThat(body.get("space").asText()).isEqualTo("backend-api");
        assertThat(body.get("remote_port").asInt()).isEqualTo(3000);
        assertThat(body.get("persistent").asBoolean()).isTrue();
        assertThat(body.get("force").asBoolean()).isTrue();
    }

    @Test
    void the_desktop_form_resolves_the_source_space_and_defaults_to_not_persistent() throws Exception {
        assertThat(run(false, "port", "forward", "frontend", "8080", "backend-api", "3000")).isZero();
        assertThat(stub.last().path()).isEqualTo("/space-io/sp-front/port/forward");
        assertThat(lastBody().get("persistent").asBoolean()).isFalse();
        assertThat(lastBody().get("force").asBoolean()).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Forwarding port 8080 in frontend to backend-api:3000");
    }

    @Test
    void the_desktop_form_also_works_inside_a_space() {
        assertThat(run(true, "port", "forward", "frontend", "8080", "backend-api", "3000", "-p")).isZero();
        assertThat(stub.last().path()).isEqualTo("/space-io/sp-front/port/forward");
    }

    @Test
    void stop_and_list_in_both_forms() throws Exception {
        assertThat(run(true, "port", "stop", "8080")).isZero();
        assertThat(stub.last().path()).isEqualTo("/space-io/sp-self/port/stop");
        assertThat(lastBody().get("local_port").asInt()).isEqualTo(8080);
        assertThat(run(false, "port", "stop", "frontend", "8080")).isZero();
        assertThat(stub.last().path()).isEqualTo("/space-io/sp-front/port/stop");

        assertThat(run(true, "port", "list")).isZero();
        assertThat(stub.last().path()).isEqualTo("/space-io/sp-self/port/list");
        assertThat(run(false, "--json", "port", "list", "frontend")).isZero();
        assertThat(stub.last().path()).isEqualTo("/space-io/sp-front/port/list");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("LOCAL PORT  SPACE        REMOTE PORT  PERSISTENT")
                .contains("8080        backend-api  3000         yes");
        JsonNode list = json.readTree(text.substring(text.indexOf('[')));
        assertThat(list.get(0).get("remote_port").asInt()).isEqualTo(3000);
    }

    @Test
    void wrong_argument_counts_exit_with_the_usage_code_and_send_nothing() {
        assertThat(run(false, "port", "forward", "8080", "backend-api", "3000")).isEqualTo(ExitCodes.USAGE);
        assertThat(run(true, "port", "forward", "8080", "3000")).isEqualTo(ExitCodes.USAGE);
        assertThat(run(false, "port", "list")).isEqualTo(ExitCodes.USAGE);
        assertThat(run(false, "port", "stop", "8080")).isEqualTo(ExitCodes.USAGE);
        assertThat(stub.requests).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARREN_SPACE_ID is not set");
    }
}
