/** Warm pools: sandbox create → first output served from a pool, cold, and the raw engine's {@code run --rm}. */
package dev.warren.bench.pool;
