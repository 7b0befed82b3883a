package dev.warren.runtime;

/**
 * One thing a runtime holds for a space (a container, a volume), for housekeeping and for tests that check a
 * refused request changed nothing.
 *
 * @param kind    e.g. {@code instance} or {@code volume}
 * @param name    the runtime's name for it
 * @param spaceId the space it belongs to, or empty when unknown
 * @param running for an instance, whether it runs
 */
public record RuntimeResource(String kind, String name, String spaceId, boolean running) {}
