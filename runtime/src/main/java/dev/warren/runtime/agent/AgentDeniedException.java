package dev.warren.runtime.agent;

/** The agent refused the connection (wrong secret) or the file system refused the operation (permissions). */
public class AgentDeniedException extends AgentException {
    public AgentDeniedException(String message) {
        super(message);
    }
}
