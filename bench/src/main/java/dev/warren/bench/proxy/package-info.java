/** The port URL proxy benchmark: throughput and small-request latency through the proxy vs direct. */
package dev.warren.bench.proxy;
