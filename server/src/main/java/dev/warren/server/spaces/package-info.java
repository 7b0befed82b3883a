/**
 * Spaces: the knot.space table's rules (create, edit, share, transfer, dependencies, stacks), the lifecycle on the
 * engine (start, stop, restart, delete), commands and files, live events, and the reconciler that makes the store
 * and the engine agree after a crash.
 */
package dev.warren.server.spaces;
