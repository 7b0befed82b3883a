package dev.warren.server.e2b;

import dev.warren.core.ConflictException;
import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.UnauthenticatedException;
import dev.warren.core.ValidationException;
import dev.warren.core.WrongStateException;
import dev.warren.runtime.agent.AgentConflictException;
import dev.warren.runtime.agent.AgentDeniedException;
import dev.warren.runtime.agent.AgentException;
import dev.warren.runtime.agent.AgentNotFoundException;
import dev.warren.runtime.agent.AgentUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The one mapping from warren's exceptions to E2B's: the status of the REST planes and the Connect code of the RPC
 * plane. 404 for missing and for not-yours (warren never tells them apart); an unexpected failure is logged once with
 * a correlation id and answered 500 without internal text.
 */
final class E2bErrors {
    private static final Logger LOG = LoggerFactory.getLogger(E2bErrors.class);

    private E2bErrors() {}

    /** For the control plane: the sandbox (if any) is addressed directly, so a missing one is 404. */
    static E2bError control(Throwable error) {
        return map(error, false);
    }

    /**
     * For the data plane: the sandbox is the address, so a sandbox that is gone or not running answers like E2B's
     * edge does (502, "unavailable"); a missing file or process inside it is 404 / not_found.
     */
    static E2bError data(Throwable error) {
        return map(error, true);
    }

    private static E2bError map(Throwable error, boolean dataPlane) {
        return switch (error) {
            case E2bError already -> already;
            case ValidationException invalid -> E2bError.invalid(invalid.getMessage());
            case UnauthenticatedException unauthenticated -> E2bError.unauthenticated(unauthenticated.getMessage());
            case ForbiddenException forbidden -> new E2bError(403, ConnectCode.PERMISSION_DENIED,
                    forbidden.getMessage());
            case NotFoundException missing -> E2bError.notFound(missing.getMessage());
            case AgentNotFoundException missing -> E2bError.notFound(missing.getMessage());
            case ConflictException conflict -> new E2bError(409, ConnectCode.ALREADY_EXISTS, conflict.getMessage());
            case AgentConflictException conflict -> new E2bError(400, ConnectCode.FAILED_PRECONDITION,
                    conflict.getMessage());
            case AgentDeniedException denied -> new E2bError(403, ConnectCode.PERMISSION_DENIED, denied.getMessage());
            case WrongStateException state -> dataPlane
                    ? new E2bError(502, ConnectCode.UNAVAILABLE, state.getMessage())
                    : new E2bError(409, ConnectCode.FAILED_PRECONDITION, state.getMessage());
            case AgentUnavailableException down -> new E2bError(502, ConnectCode.UNAVAILABLE, down.getMessage());
            case AgentException agent -> new E2bError(400, ConnectCode.INVALID_ARGUMENT, agent.getMessage());
            default -> unexpected(error);
        };
    }

    private static E2bError unexpected(Throwable error) {
        String id = UUID.randomUUID().toString();
        LOG.error("E2B request failed unexpectedly (correlation id {})", id, error);
        return new E2bError(500, ConnectCode.INTERNAL, "The server failed to answer; correlation id " + id + ".");
    }
}
