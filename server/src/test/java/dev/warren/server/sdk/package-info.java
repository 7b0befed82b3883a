/** The Java SDK against a real server, engine and SQLite store: every knot.space function and its error paths. */
package dev.warren.server.sdk;
