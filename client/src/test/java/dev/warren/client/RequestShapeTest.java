package dev.warren.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.wire.Ports.ForwardRequest;
import dev.warren.client.wire.Spaces.RunResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the SDK puts on the wire: paths, methods, snake_case bodies, the bearer header. */
class RequestShapeTest {
    private static final String SPACE = """
            {"id":"sp-1","name":"web","description":"","template_id":"t1","template_name":"ubuntu","user_id":"u1",
             "username":"alice","shares":[],"depends_on":[],"shell":"bash","platform":"linux/amd64","zone":"default",
             "is_running":true,"is_pending":false,"is_deleting":false,"node_hostname":"host","created_at":"2026-01-01T00:00:00Z",
             "alt_names":[],"icon_url":"","custom_fields":[],"startup_script_id":"","stack":"","update_available":false,
             "state":"running","ports":[],"healthy":true,"health_detail":""}""";
    private final ObjectMapper json = new ObjectMapper();
    private StubServer stub;
    private Warren warren;

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
        warren = Warren.connect(new Connection(URI.create(stub.url()), "the-token", "sp-self", "self"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private JsonNode body() throws Exception {
        return json.readTree(stub.last().body());
    }

    @Test
    void create_posts_the_seed_defaults_and_returns_the_id() throws Exception {
        stub.json("POST", "/api/spaces", 201, SPACE);
        String id = warren.create("web", "ubuntu");
        assertThat(id).isEqualTo("sp-1");
        assertThat(stub.last().header("Authorization")).isEqualTo("Bearer the-token");
        JsonNode body = body();
        assertThat(body.get("name").asText()).isEqualTo("web");
        assertThat(body.get("template").asText()).isEqualTo("ubuntu");
        assertThat(body.get("shell").asText()).isEqualTo("bash");
        assertThat(body.get("depends_on").isArray()).isTrue();
        assertThat(body.get("start_on_create").asBoolean()).isFalse();
    }

    @Test
    void names_are_percent_encoded_in_paths() {
        stub.json("GET", "/api/spaces/my%20space%2Fx", 200, SPACE);
        assertThat(warren.get("my space/x").name()).isEqualTo("web");
    }

    @Test
    void run_sends_command_args_timeout_in_seconds_and_workdir() throws Exception {
        stub.json("POST", "/api/spaces/web/run", 200, """
                {"output":"hi\\n","stdout":"hi\\n","stderr":"","exit_code":3,"timed_out":false,"truncated":false}""");
        RunResult result = warren.run("web", "sh", List.of("-c", "echo hi; exit 3"), Duration.ofSeconds(5), "/tmp");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("hi\n");
        JsonNode body = body();
        assertThat(body.get("command").asText()).isEqualTo("sh");
        assertThat(body.get("args").get(1).asText()).isEqualTo("echo hi; exit 3");
        assertThat(body.get("timeout").asInt()).isEqualTo(5);
        assertThat(body.get("workdir").asText()).isEqualTo("/tmp");
    }

    @Test
    void run_defaults_to_thirty_seconds() throws Exception {
        stub.json("POST", "/api/spaces/web/run", 200, """
                {"output":"","stdout":"","stderr":"","exit_code":0,"timed_out":false,"truncated":false}""");
        warren.runOutput("web", "true");
        assertThat(body().get("timeout").asInt()).isEqualTo(30);
    }

    @Test
    void files_are_read_and_written_as_raw_bytes_with_the_path_as_query() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        stub.raw("GET", "/api/spaces/web/files", 200, "application/octet-stream", bytes);
        assertThat(warren.readFileBytes("web", "/etc/a b")).containsExactly(bytes);
        assertThat(stub.last().query()).isEqualTo("path=%2Fetc%2Fa%20b");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(warren.readFile("web", "/x", out)).isEqualTo(4);

        stub.raw("PUT", "/api/spaces/web/files", 204, "application/json", new byte[0]);
        warren.writeFile("web", "/tmp/hello.txt", "héllo");
        assertThat(stub.last().header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(stub.last().text()).isEqualTo("héllo");
        warren.writeFile("web", "/tmp/stream", new ByteArrayInputStream("streamed".getBytes(StandardCharsets.UTF_8)));
        assertThat(stub.last().text()).isEqualTo("streamed");
    }

    @Test
    void relative_file_paths_are_refused_before_any_request() {
        assertThatThrownBy(() -> warren.readFile("web", "etc/hostname")).isInstanceOf(IllegalArgumentException.class);
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void port_calls_use_the_source_space_id_under_space_io() throws Exception {
        stub.json("GET", "/api/spaces/frontend", 200, SPACE);
        stub.json("POST", "/space-io/sp-1/port/forward", 200, "{}");
        warren.portForward("frontend", 8080, "backend-api", 3000, true, false);
        JsonNode body = body();
        assertThat(body.get("local_port").asInt()).isEqualTo(8080);
        assertThat(body.get("space").asText()).isEqualTo("backend-api");
        assertThat(body.get("remote_port").asInt()).isEqualTo(3000);
        assertThat(body.get("persistent").asBoolean()).isTrue();
        assertThat(body.get("force").asBoolean()).isFalse();
    }

    @Test
    void port_calls_without_a_source_use_this_space() throws Exception {
        stub.json("GET", "/space-io/sp-self/port/list", 200, """
                {"forwards":[{"local_port":8080,"space":"backend-api","remote_port":3000,"persistent":false}]}""");
        assertThat(warren.portList(null)).singleElement().satisfies(f -> assertThat(f.localPort()).isEqualTo(8080));
        stub.json("POST", "/space-io/sp-self/port/stop", 204, "");
        warren.portStop("self", 8080);
        assertThat(body().get("local_port").asInt()).isEqualTo(8080);
        stub.json("POST", "/space-io/sp-self/port/apply", 200, """
                {"applied":[{"local_port":1,"space":"b","remote_port":2,"persistent":false}],"stopped":[],"errors":[]}""");
        assertThat(warren.portApply(null, List.of(new ForwardRequest(1, "b", 2, null, null))).applied()).hasSize(1);
        assertThat(body().get("forwards").get(0).get("space").asText()).isEqualTo("b");
    }

    @Test
    void share_and_unshare_send_user_lists() throws Exception {
        stub.json("POST", "/api/spaces/web/share", 200, SPACE);
        warren.share("web", "bob", "carol@example.com");
        assertThat(body().get("users")).hasSize(2);
        stub.json("POST", "/api/spaces/web/unshare", 204, "");
        warren.unshare("web");
        assertThat(body().get("user").isNull()).isTrue();
    }

    @Test
    void login_creates_a_token_with_the_session_csrf_header_and_cookie() throws Exception {
        stub.json("POST", "/api/auth/login", 200, """
                {"user":{"id":"u1","username":"alice","email":"a@x","roles":["user"],"active":true,
                 "preferred_shell":"bash","timezone":"UTC","created_at":"2026-01-01T00:00:00Z"},"csrf_token":"csrf-1"}""");
        stub.json("POST", "/api/tokens", 201, """
                {"id":"tk1","name":"cli","token":"secret","expires_at":null}""");
        stub.json("POST", "/api/auth/logout", 204, "");
        // the stub sets no cookie; the CSRF header is what the server checks besides it
        assertThat(Warren.login(stub.url(), "alice", "pw", "cli", null).token()).isEqualTo("secret");
        StubServer.Recorded create = stub.requests.get(1);
        assertThat(create.path()).isEqualTo("/api/tokens");
        assertThat(create.header("X-CSRF-Token")).isEqualTo("csrf-1");
        assertThat(create.header("Authorization")).isNull();
        assertThat(json.readTree(stub.requests.getFirst().body()).get("username").asText()).isEqualTo("alice");
    }
}
