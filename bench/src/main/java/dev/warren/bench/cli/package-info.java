/** The CLI's start-up time: whole {@code warren} processes against a real server beside curl (issue 13, ADR 0008). */
package dev.warren.bench.cli;
