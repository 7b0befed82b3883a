package dev.warren.server.forward;

import dev.warren.client.wire.Ports.ApplyRequest;
import dev.warren.client.wire.Ports.ForwardRequest;
import dev.warren.core.FieldError;
import dev.warren.core.ValidationException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.PortForward;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The input and state rules of a forward, checked before anything changes. Stateless. */
final class ForwardRules {
    private ForwardRules() {}

    /** Ports, target name; every field error at once. {@code prefix} names the entry in an apply list. */
    static void check(ForwardRequest request, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        collect(request, prefix, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The apply list: present, each entry valid, no local port twice. */
    static List<ForwardRequest> checkAll(ApplyRequest request) {
        if (request == null || request.forwards() == null) {
            throw ValidationException.of("forwards", "The list of forwards is required (it may be empty).");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int index = 0; index < request.forwards().size(); index++) {
            ForwardRequest entry = request.forwards().get(index);
            String prefix = "forwards[" + index + "].";
            collect(entry, prefix, errors);
            if (entry != null && entry.localPort() != null && !seen.add(entry.localPort())) {
                errors.add(new FieldError(prefix + "local_port", "Local port " + entry.localPort()
                        + " appears more than once."));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return List.copyOf(request.forwards());
    }

    static int port(Integer port, String field) {
        if (port == null) {
            throw ValidationException.of(field, "The " + field + " is required.");
        }
        if (port < 1 || port > 65535) {
            throw ValidationException.of(field, "The " + field + " must be between 1 and 65535, not " + port + ".");
        }
        return port;
    }

    static PortForward toForward(Space source, Space target, ForwardRequest request) {
        return new PortForward(source.id(), request.localPort(), target.id(), request.remotePort(),
                Boolean.TRUE.equals(request.persistent()), Boolean.TRUE.equals(request.force()));
    }

    /** The source must run unless persistent; the target must run unless forced (423). */
    static void requireStartable(Space source, Space target, PortForward wanted, SpaceAddresses addresses) {
        if (!wanted.persistent() && source.state() != SpaceState.RUNNING) {
            throw notRunning(source);
        }
        if (!wanted.force() && (target.state() != SpaceState.RUNNING || !addresses.running(target.id()))) {
            throw new WrongStateException("Space '" + target.name() + "' is not running; start it first, or use "
                    + "force to forward to it anyway.");
        }
    }

    static WrongStateException notRunning(Space source) {
        return new WrongStateException("Space '" + source.name() + "' is not running; start it first, or use "
                + "persistent to set the forward up for its next start.");
    }

    private static void collect(ForwardRequest request, String prefix, List<FieldError> errors) {
        if (request == null) {
            errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "A forward is required."));
            return;
        }
        portError(request.localPort(), prefix + "local_port", errors);
        portError(request.remotePort(), prefix + "remote_port", errors);
        if (request.space() == null || request.space().isBlank()) {
            errors.add(new FieldError(prefix + "space", "The target space (a name or an id) is required."));
        }
    }

    private static void portError(Integer port, String field, List<FieldError> errors) {
        try {
            port(port, field);
        } catch (ValidationException invalid) {
            errors.addAll(invalid.errors());
        }
    }
}
