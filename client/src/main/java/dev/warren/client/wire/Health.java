package dev.warren.client.wire;

/** {@code GET /health}: "ok" when the store answers; {@code engine} says which engine serves spaces. */
public record Health(String status, String version, String engine, String store) {}
