package dev.warren.client;

import dev.warren.client.wire.Spaces.StackAction;

/**
 * Stacks: every space of the caller with the same stack name. Obtained from {@link Warren#stacks()}. Blocking,
 * immutable, thread-safe.
 */
public final class StacksApi {
    private final Transport transport;

    StacksApi(Transport transport) {
        this.transport = transport;
    }

    /**
     * Starts every space of the stack, dependencies first.
     *
     * @param stack the stack name
     * @return the stack and the names of the spaces acted on, in order
     */
    public StackAction start(String stack) {
        return transport.call("POST", "/api/stacks/" + Transport.segment(stack) + "/start", null, StackAction.class);
    }

    /**
     * Stops every space of the stack, dependants first.
     *
     * @param stack the stack name
     * @return the stack and the names of the spaces acted on, in order
     */
    public StackAction stop(String stack) {
        return transport.call("POST", "/api/stacks/" + Transport.segment(stack) + "/stop", null, StackAction.class);
    }

    /**
     * Restarts every space of the stack.
     *
     * @param stack the stack name
     * @return the stack and the names of the spaces acted on, in order
     */
    public StackAction restart(String stack) {
        return transport.call("POST", "/api/stacks/" + Transport.segment(stack) + "/restart", null,
                StackAction.class);
    }
}
