/**
 * The HTTP API: Javalin configuration, authentication filter, one routes class per area, the single mapping from
 * exceptions to HTTP answers, and the OpenAPI document built from the same route table that serves requests.
 */
package dev.warren.server.http;
