package dev.warren.server.e2b;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartStreamTest {
    private static final String BOUNDARY = "----formdata-undici-0123456789";

    @Test
    void parts_come_out_with_their_file_names_and_exact_bytes() throws Exception {
        byte[] big = new byte[300_000]; // spans several windows, so the boundary search crosses refills
        new Random(7).nextBytes(big);
        byte[] body = body(part("/tmp/a.txt", "hello".getBytes(StandardCharsets.UTF_8)), part("/tmp/big.bin", big));
        MultipartStream parts = new MultipartStream(new ByteArrayInputStream(body), BOUNDARY);
        MultipartStream.Part first = parts.next();
        assertThat(first.filename()).isEqualTo("/tmp/a.txt");
        assertThat(first.name()).isEqualTo("file");
        assertThat(first.body().readAllBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        MultipartStream.Part second = parts.next();
        assertThat(second.filename()).isEqualTo("/tmp/big.bin");
        assertThat(second.body().readAllBytes()).isEqualTo(big);
        assertThat(parts.next()).isNull();
    }

    @Test
    void a_part_left_unread_is_skipped_when_the_next_is_asked_for() throws Exception {
        byte[] body = body(part("a", "first".getBytes(StandardCharsets.UTF_8)),
                part("b", "second".getBytes(StandardCharsets.UTF_8)));
        MultipartStream parts = new MultipartStream(new ByteArrayInputStream(body), BOUNDARY);
        parts.next();
        assertThat(new String(parts.next().body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
    }

    @Test
    void content_that_resembles_the_boundary_is_kept() throws Exception {
        byte[] tricky = ("line\r\n--" + BOUNDARY.substring(0, 10) + " not the end").getBytes(StandardCharsets.UTF_8);
        MultipartStream parts = new MultipartStream(new ByteArrayInputStream(body(part("t", tricky))), BOUNDARY);
        assertThat(parts.next().body().readAllBytes()).isEqualTo(tricky);
    }

    @Test
    void a_body_without_its_closing_boundary_is_refused() throws Exception {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n"
                + "no end").getBytes(StandardCharsets.UTF_8);
        MultipartStream parts = new MultipartStream(new ByteArrayInputStream(body), BOUNDARY);
        InputStream part = parts.next().body();
        assertThatThrownBy(part::readAllBytes).isInstanceOf(E2bError.class).hasMessageContaining("closing boundary");
    }

    @Test
    void the_boundary_is_read_from_the_content_type() {
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=" + BOUNDARY)).isEqualTo(BOUNDARY);
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=\"quoted\"")).isEqualTo("quoted");
        assertThatThrownBy(() -> new MultipartStream(InputStream.nullInputStream(), null))
                .isInstanceOf(E2bError.class).hasMessageContaining("boundary");
    }

    private static byte[] part(String filename, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] body(byte[]... parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
