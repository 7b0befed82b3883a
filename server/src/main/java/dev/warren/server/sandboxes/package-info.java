/**
 * Sandboxes: spaces for agents, created and started in one call, with a life span that ends in a kill, labels to list
 * them by, and environment variables. A sandbox is a space (same store row, runtime, permissions, data plane) plus a
 * {@link dev.warren.core.model.Sandbox} row; this package owns that row, its rules and the reaper that ends expired
 * sandboxes. It knows no HTTP word.
 */
package dev.warren.server.sandboxes;
