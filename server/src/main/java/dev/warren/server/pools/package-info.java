/**
 * Warm pools: spaces started ahead of a claim, per template and per owner who uses it, so that a sandbox create
 * answers with a running space at once. Owns pool settings, the refill, the drain when a template changes, recovery
 * after a restart and the pool metrics; hands a claimed member to the lifecycle, which adopts its container.
 */
package dev.warren.server.pools;
