package dev.warren.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ErrorMappingTest {
    private StubServer stub;
    private Warren warren;

    @BeforeEach
    void start() throws Exception {
        stub = new StubServer();
        warren = Warren.connect(new Connection(URI.create(stub.url()), "tkn", null, null));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private static String error(String error, String detail) {
        return "{\"error\":\"" + error + "\",\"detail\":\"" + detail + "\",\"validations\":[],\"correlation_id\":null}";
    }

    @ParameterizedTest
    @CsvSource({
            "400, dev.warren.client.WarrenException$ValidationFailed",
            "401, dev.warren.client.WarrenException$Unauthenticated",
            "403, dev.warren.client.WarrenException$Forbidden",
            "404, dev.warren.client.WarrenException$NotFound",
            "409, dev.warren.client.WarrenException$Conflict",
            "413, dev.warren.client.WarrenException$PayloadTooLarge",
            "423, dev.warren.client.WarrenException$WrongState",
            "429, dev.warren.client.WarrenException$TooManyRequests",
            "500, dev.warren.client.WarrenException$ServerError",
            "503, dev.warren.client.WarrenException$ServerError"})
    void each_status_maps_to_its_exception_carrying_the_server_sentence(int status, String type) throws Exception {
        stub.json("GET", "/api/spaces/web", status, error("The space web is in the way.", "Some detail."));
        WarrenException thrown = catchThrowableOfType(WarrenException.class, () -> warren.get("web"));
        assertThat(thrown).isInstanceOf(Class.forName(type));
        assertThat(thrown.status()).isEqualTo(status);
        assertThat(thrown.getMessage()).isEqualTo("The space web is in the way.");
        assertThat(thrown.detail()).isEqualTo("Some detail.");
    }

    @Test
    void validation_failures_carry_every_field() {
        stub.json("POST", "/api/spaces", 400, """
                {"error":"The space cannot be created.","detail":"The request is invalid.",
                 "validations":[{"field":"name","message":"The name must be 1 to 64 letters, digits or dashes."},
                                {"field":"template","message":"The template is required."}],
                 "correlation_id":null}""");
        WarrenException.ValidationFailed thrown = catchThrowableOfType(WarrenException.ValidationFailed.class,
                () -> warren.create("bad name!", ""));
        assertThat(thrown.validations()).extracting(v -> v.field()).containsExactly("name", "template");
        assertThat(thrown.validations().getFirst().message()).contains("64");
    }

    @Test
    void server_errors_carry_the_correlation_id() {
        stub.json("POST", "/api/spaces/web/start", 500, """
                {"error":"An internal error occurred; quote the correlation id when reporting it.","detail":"",
                 "validations":[],"correlation_id":"4f1c0a9e-1111-2222-3333-444455556666"}""");
        WarrenException.ServerError thrown = catchThrowableOfType(WarrenException.ServerError.class,
                () -> warren.start("web"));
        assertThat(thrown.correlationId()).isEqualTo("4f1c0a9e-1111-2222-3333-444455556666");
    }

    @Test
    void unknown_fields_in_error_bodies_are_tolerated() {
        stub.json("GET", "/api/spaces/web", 404,
                "{\"error\":\"The space web was not found.\",\"detail\":\"\",\"validations\":[],\"correlation_id\":null,"
                        + "\"added_later\":1}");
        assertThatThrownBy(() -> warren.get("web")).isInstanceOf(WarrenException.NotFound.class)
                .hasMessage("The space web was not found.");
    }

    @Test
    void a_body_that_is_not_json_still_gives_a_sentence_with_the_status() {
        stub.raw("GET", "/api/spaces/web", 502, "text/html", "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> warren.get("web")).isInstanceOf(WarrenException.ServerError.class)
                .hasMessageContaining("502").hasMessageContaining("GET /api/spaces/web");
    }

    @Test
    void file_download_errors_are_mapped_before_any_byte_is_returned() {
        stub.json("GET", "/api/spaces/web/files", 404, error("The file /nope does not exist.", ""));
        assertThatThrownBy(() -> warren.readFile("web", "/nope")).isInstanceOf(WarrenException.NotFound.class)
                .hasMessage("The file /nope does not exist.");
    }

    @Test
    void file_upload_errors_are_mapped() {
        stub.json("PUT", "/api/spaces/web/files", 413, error("The file is larger than 1 MiB.", ""));
        assertThatThrownBy(() -> warren.writeFile("web", "/tmp/big", new byte[10]))
                .isInstanceOf(WarrenException.PayloadTooLarge.class);
    }

    @Test
    void an_unreachable_server_is_reported_with_its_address() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Warren nowhere = Warren.connect(new Connection(URI.create("http://127.0.0.1:" + port), "t", null, null));
        WarrenException thrown = catchThrowableOfType(WarrenException.class, nowhere::list);
        assertThat(thrown).isInstanceOf(WarrenException.Unreachable.class);
        assertThat(thrown.status()).isZero();
        assertThat(thrown.getMessage()).contains("127.0.0.1:" + port).contains("cannot be reached");
    }
}
