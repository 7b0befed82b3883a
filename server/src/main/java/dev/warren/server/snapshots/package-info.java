/**
 * Snapshots and fork: a named copy of a sandbox's files (engine commit plus volume copies, taken while it runs or
 * is paused, memory not carried), sandboxes made from one, and fork(n), which makes n sandboxes from one hidden
 * snapshot of the current state. The janitor removes what a crash or an unfinished delete left behind.
 */
package dev.warren.server.snapshots;
