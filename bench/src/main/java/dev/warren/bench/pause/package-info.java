/** Pause and resume: latency through the API next to the engine's own pause, and what a paused sandbox costs. */
package dev.warren.bench.pause;
