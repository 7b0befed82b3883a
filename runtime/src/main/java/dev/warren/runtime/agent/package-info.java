/**
 * The Java client of the in-space agent ({@code agent/} in the repository, a static Rust program that runs as
 * process 1 of every space container): processes with their output as it is written, terminals, signals, files
 * and file watches, over a unix socket and the binary framing described in {@code docs/AGENT.md}.
 *
 * <p>{@link dev.warren.runtime.agent.AgentClient} is the entry point: blocking, thread-safe, one connection per
 * call. Failures are unchecked {@link dev.warren.runtime.agent.AgentException}s carrying the agent's sentence.
 * The framing ({@code Frames}, {@code FrameChannel}) stays package-private.
 */
package dev.warren.runtime.agent;
