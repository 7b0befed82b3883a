/**
 * The wire types of warren's HTTP API: request and response records shared by the server and the SDK, so the two
 * cannot drift. JSON field names are snake_case ({@link WireJson}); every record is immutable.
 */
package dev.warren.client.wire;
