package dev.warren.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SameOriginTest {
    @Test
    void an_origin_naming_the_requested_host_and_port_matches() {
        assertThat(SameOrigin.matches("http://127.0.0.1:3000", "127.0.0.1:3000")).isTrue();
        assertThat(SameOrigin.matches("https://Warren.Example", "warren.example")).isTrue();
        assertThat(SameOrigin.matches("https://warren.example", "warren.example:443")).isTrue();
    }

    @Test
    void another_site_port_or_scheme_trick_does_not_match() {
        assertThat(SameOrigin.matches("http://evil.example", "warren.example")).isFalse();
        assertThat(SameOrigin.matches("http://127.0.0.1:3001", "127.0.0.1:3000")).isFalse();
        assertThat(SameOrigin.matches("http://warren.example.evil.example", "warren.example")).isFalse();
        assertThat(SameOrigin.matches("null", "warren.example")).isFalse();
        assertThat(SameOrigin.matches("file:///etc/passwd", "warren.example")).isFalse();
    }

    @Test
    void a_missing_origin_or_host_does_not_match() {
        assertThat(SameOrigin.matches(null, "warren.example")).isFalse();
        assertThat(SameOrigin.matches("http://warren.example", null)).isFalse();
        assertThat(SameOrigin.matches("", "")).isFalse();
    }
}
