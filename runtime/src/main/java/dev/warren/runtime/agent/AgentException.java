package dev.warren.runtime.agent;

/**
 * The agent refused or failed a request; the message is the agent's sentence. Subclasses say why when a caller
 * can act on it; this class itself covers a malformed request and a failure inside the agent.
 */
public class AgentException extends RuntimeException {
    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
