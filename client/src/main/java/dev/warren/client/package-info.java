/**
 * The warren Java SDK: {@link dev.warren.client.Warren} is one immutable, thread-safe client for the whole HTTP API
 * (the knot.space function table, files, port forwarding, streamed processes, templates, scripts, users, tokens
 * and stacks).
 * It needs only {@code java.net.http} and Jackson; the request and response records are in
 * {@link dev.warren.client.wire}, shared with the server. Connections resolve from explicit arguments, then the
 * environment, then the config file ({@link dev.warren.client.Connection}). Failures are
 * {@link dev.warren.client.WarrenException}s carrying the server's sentence, status and validations.
 */
package dev.warren.client;
