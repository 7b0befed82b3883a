package dev.warren.core.model;

import java.time.Instant;
import java.util.Map;

/**
 * What makes a space a sandbox: a life that ends at {@code endsAt} (then {@code onTimeout} happens), labels to find
 * it by ({@code metadata}), environment variables given at create, and whether its port URLs need credentials
 * ({@code secure}). The space itself (state, template, owner, shares) is an ordinary {@link Space} with the same id:
 * one model, two views.
 *
 * @param timeout     the life span it was given; a resume gives it that much again from then
 * @param idleTimeout how long it may go unused (no API call, proxied request or open terminal) before
 *                    {@code onTimeout} happens; zero for no idle timeout
 * @param autoResume  traffic to one of its port URLs resumes it when paused
 */
public record Sandbox(
        String spaceId,
        Instant endsAt,
        java.time.Duration timeout,
        java.time.Duration idleTimeout,
        TimeoutAction onTimeout,
        boolean autoResume,
        Map<String, String> metadata,
        Map<String, String> environment,
        boolean secure,
        Instant createdAt) {

    public Sandbox {
        metadata = Map.copyOf(metadata);
        environment = Map.copyOf(environment);
    }

    public Sandbox withEndsAt(Instant newEndsAt) {
        return new Sandbox(spaceId, newEndsAt, timeout, idleTimeout, onTimeout, autoResume, metadata, environment,
                secure, createdAt);
    }

    public Sandbox withTimeout(java.time.Duration newTimeout, Instant newEndsAt) {
        return new Sandbox(spaceId, newEndsAt, newTimeout, idleTimeout, onTimeout, autoResume, metadata, environment,
                secure, createdAt);
    }

    /** What happens when a sandbox's time is up. */
    public enum TimeoutAction {
        /** The sandbox is stopped and deleted with its container and volumes. */
        KILL,
        /** The sandbox is paused (memory kept, no CPU) until resumed: explicitly, by connect, or by traffic. */
        PAUSE
    }
}
