package dev.warren.runtime.agent;

import java.time.Duration;

/**
 * What the agent says about itself.
 *
 * @param version   the agent program's version
 * @param uptime    time since the agent started
 * @param processes processes currently running under the agent (the main command included)
 */
public record AgentHealth(String version, Duration uptime, int processes) {}
