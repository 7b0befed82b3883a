package dev.warren.runtime.agent;

/**
 * The request does not fit the current state: a signal to a process that has exited, a resize of a process without a
 * terminal, stdin to a process started without one, a directory read as a file.
 */
public class AgentConflictException extends AgentException {
    public AgentConflictException(String message) {
        super(message);
    }
}
