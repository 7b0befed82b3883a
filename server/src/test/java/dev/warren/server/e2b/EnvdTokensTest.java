package dev.warren.server.e2b;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvdTokensTest {
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private final EnvdTokens tokens = new EnvdTokens(KEY);

    @Test
    void a_minted_token_names_its_sandbox_and_user() {
        String token = tokens.mint("sandbox-1", "user-1");
        assertThat(tokens.verify(token)).contains(new EnvdTokens.Binding("sandbox-1", "user-1"));
    }

    @Test
    void a_tampered_token_or_one_signed_with_another_key_is_refused() {
        String token = tokens.mint("sandbox-1", "user-1");
        String otherSandbox = tokens.mint("sandbox-2", "user-1");
        String swapped = otherSandbox.substring(0, otherSandbox.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        assertThat(tokens.verify(swapped)).isEmpty();
        assertThat(new EnvdTokens(KEY.replace('0', '1')).verify(token)).isEmpty();
        assertThat(tokens.verify(token + "x")).isEmpty();
    }

    @Test
    void anything_that_is_not_a_token_is_refused() {
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("wrn_api_token")).isEmpty();
        assertThat(tokens.verify("wenvd_a.b")).isEmpty();
        assertThat(tokens.verify("wenvd_!!.??.sig")).isEmpty();
    }

    @Test
    void a_short_key_is_refused() {
        assertThatThrownBy(() -> new EnvdTokens("abcd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_prefix_setting_defaults_to_e2b_can_be_turned_off_and_refuses_warrens_own_paths() {
        assertThat(E2bSettings.load(Map.of()).prefix()).isEqualTo("/e2b");
        assertThat(E2bSettings.load(Map.of("WARREN_E2B_PREFIX", "off")).enabled()).isFalse();
        assertThat(E2bSettings.load(Map.of("WARREN_E2B_PREFIX", "/compat/e2b")).prefix()).isEqualTo("/compat/e2b");
        assertThatThrownBy(() -> E2bSettings.load(Map.of("WARREN_E2B_PREFIX", "/api")))
                .hasMessageContaining("WARREN_E2B_PREFIX");
        assertThatThrownBy(() -> E2bSettings.load(Map.of("WARREN_E2B_PREFIX", "e2b")))
                .hasMessageContaining("WARREN_E2B_PREFIX");
    }
}
