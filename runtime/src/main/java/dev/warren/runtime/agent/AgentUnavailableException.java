package dev.warren.runtime.agent;

/** The agent could not be reached, or the connection to it dropped before the answer was complete. */
public class AgentUnavailableException extends AgentException {
    public AgentUnavailableException(String message) {
        super(message);
    }

    public AgentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
