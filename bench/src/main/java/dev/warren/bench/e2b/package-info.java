/** Issue 16 benchmark: the E2B SDK through warren's E2B-compatible API beside warren's own Java SDK. */
package dev.warren.bench.e2b;
