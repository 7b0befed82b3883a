package dev.warren.server.e2b;

import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.UnauthenticatedException;
import dev.warren.core.ValidationException;
import dev.warren.core.WrongStateException;
import dev.warren.runtime.agent.AgentConflictException;
import dev.warren.runtime.agent.AgentNotFoundException;
import dev.warren.runtime.agent.AgentUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class E2bErrorsTest {

    @Test
    void missing_and_not_yours_are_404_and_not_found() {
        E2bError error = E2bErrors.control(NotFoundException.space("x"));
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.code()).isEqualTo(ConnectCode.NOT_FOUND);
        assertThat(E2bErrors.data(new AgentNotFoundException("no file")).code()).isEqualTo(ConnectCode.NOT_FOUND);
    }

    @Test
    void invalid_arguments_are_400_with_the_sentence_naming_the_field() {
        E2bError error = E2bErrors.control(ValidationException.of("timeout", "The timeout must be at least 1 second."));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.code()).isEqualTo(ConnectCode.INVALID_ARGUMENT);
        assertThat(error.getMessage()).contains("timeout");
    }

    @Test
    void authentication_failures_are_401_and_unauthenticated() {
        E2bError error = E2bErrors.control(new UnauthenticatedException("no"));
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.code()).isEqualTo(ConnectCode.UNAUTHENTICATED);
    }

    @Test
    void a_sandbox_that_is_not_running_is_a_conflict_on_the_control_plane_and_unavailable_on_the_data_plane() {
        assertThat(E2bErrors.control(new WrongStateException("paused")).status()).isEqualTo(409);
        E2bError data = E2bErrors.data(new WrongStateException("paused"));
        assertThat(data.status()).isEqualTo(502); // E2B's SDK turns 502 into its TimeoutError
        assertThat(data.code()).isEqualTo(ConnectCode.UNAVAILABLE);
        assertThat(E2bErrors.data(new AgentUnavailableException("gone")).code()).isEqualTo(ConnectCode.UNAVAILABLE);
    }

    @Test
    void conflicts_map_to_already_exists_and_agent_conflicts_to_failed_precondition() {
        assertThat(E2bErrors.control(new ConflictException("taken")).code()).isEqualTo(ConnectCode.ALREADY_EXISTS);
        assertThat(E2bErrors.data(new AgentConflictException("stdin closed")).code())
                .isEqualTo(ConnectCode.FAILED_PRECONDITION);
    }

    @Test
    void an_unexpected_failure_is_500_without_internal_text() {
        E2bError error = E2bErrors.control(new IllegalStateException("secret internals"));
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.code()).isEqualTo(ConnectCode.INTERNAL);
        assertThat(error.getMessage()).doesNotContain("secret internals").contains("correlation id");
    }

    @Test
    void what_warren_cannot_do_is_501_unimplemented_in_a_sentence() {
        E2bError error = E2bError.notSupported("Building templates");
        assertThat(error.status()).isEqualTo(501);
        assertThat(error.code()).isEqualTo(ConnectCode.UNIMPLEMENTED);
        assertThat(error.getMessage()).isEqualTo("Building templates is not supported by warren's E2B-compatible API"
                + " (see docs/E2B.md).");
    }

    @Test
    void a_sandbox_gone_from_under_the_data_plane_answers_like_e2bs_edge() {
        E2bError gone = E2bError.sandboxGone("abc");
        assertThat(gone.status()).isEqualTo(502);
        assertThat(gone.code()).isEqualTo(ConnectCode.UNAVAILABLE);
        assertThat(gone.getMessage()).contains("abc");
    }
}
