/** The port forwarding benchmark: throughput and connection set-up through a forward vs directly. */
package dev.warren.bench.forward;
