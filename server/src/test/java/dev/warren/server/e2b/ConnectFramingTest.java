package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectFramingTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ConnectFraming framing = new ConnectFraming(mapper);

    @Test
    void a_message_envelope_is_flags_then_a_big_endian_length_then_the_json() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        framing.write(out, mapper.readTree("{\"event\":{\"start\":{\"pid\":7}}}"));
        byte[] bytes = out.toByteArray();
        String json = "{\"event\":{\"start\":{\"pid\":7}}}";
        assertThat(bytes[0]).isZero();
        assertThat(((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff))
                .isEqualTo(json.length());
        assertThat(new String(bytes, 5, bytes.length - 5, StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void the_end_of_stream_carries_flag_two_and_the_error_in_connect_words() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        framing.end(out, E2bError.notFound("No such file."));
        ConnectFraming.Envelope end = framing.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(end.endOfStream()).isTrue();
        JsonNode body = framing.json(end.payload());
        assertThat(body.path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(body.path("error").path("message").asText()).isEqualTo("No such file.");
    }

    @Test
    void a_successful_stream_ends_with_an_empty_object() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        framing.end(out, null);
        assertThat(framing.json(framing.read(new ByteArrayInputStream(out.toByteArray())).payload()).isEmpty()).isTrue();
    }

    @Test
    void envelopes_read_back_in_order_and_the_input_ends_cleanly() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        framing.write(out, mapper.readTree("{\"a\":1}"));
        framing.write(out, mapper.readTree("{\"b\":2}"));
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(framing.json(framing.read(in).payload()).path("a").asInt()).isEqualTo(1);
        assertThat(framing.json(framing.read(in).payload()).path("b").asInt()).isEqualTo(2);
        assertThat(framing.read(in)).isNull();
    }

    @Test
    void a_compressed_message_is_refused_as_an_invalid_argument() {
        byte[] compressed = {1, 0, 0, 0, 2, '{', '}'};
        assertThatThrownBy(() -> framing.read(new ByteArrayInputStream(compressed)))
                .isInstanceOf(E2bError.class).satisfies(error ->
                        assertThat(((E2bError) error).code()).isEqualTo(ConnectCode.INVALID_ARGUMENT));
    }

    @Test
    void an_oversized_message_is_refused_before_it_is_read() {
        byte[] huge = {0, 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> framing.read(new ByteArrayInputStream(huge)))
                .isInstanceOf(E2bError.class).satisfies(error ->
                        assertThat(((E2bError) error).code()).isEqualTo(ConnectCode.RESOURCE_EXHAUSTED));
    }

    @Test
    void a_truncated_envelope_is_an_end_of_input_error() {
        byte[] truncated = {0, 0, 0, 0, 9, '{'};
        assertThatThrownBy(() -> framing.read(new ByteArrayInputStream(truncated))).isInstanceOf(EOFException.class);
    }

    @Test
    void a_message_that_is_not_a_json_object_is_an_invalid_argument() {
        assertThatThrownBy(() -> framing.json("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(E2bError.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> framing.json("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(E2bError.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void connect_codes_carry_the_protocols_names_and_http_statuses() {
        assertThat(ConnectCode.NOT_FOUND.wireName()).isEqualTo("not_found");
        assertThat(ConnectCode.UNIMPLEMENTED.httpStatus()).isEqualTo(501);
        assertThat(ConnectCode.UNAUTHENTICATED.httpStatus()).isEqualTo(401);
        assertThat(ConnectCode.DEADLINE_EXCEEDED.wireName()).isEqualTo("deadline_exceeded");
    }
}
