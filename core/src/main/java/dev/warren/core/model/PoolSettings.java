package dev.warren.core.model;

import java.time.Duration;

/**
 * A template's warm pool: {@code size} started spaces kept waiting for each owner who uses the template, at most
 * {@code maxSize} members of the template at once, each waiting at most {@code idleLifetime} (then replaced, or let
 * go when its owner stopped creating). Size 0: no pool.
 */
public record PoolSettings(String templateId, int size, int maxSize, Duration idleLifetime) {}
