package dev.warren.runtime.agent;

/** The process or path named by the request does not exist (or is no longer remembered). */
public class AgentNotFoundException extends AgentException {
    public AgentNotFoundException(String message) {
        super(message);
    }
}
