package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A REST answer of the control plane: status, JSON body (null: none) and extra headers. */
record E2bAnswer(int status, JsonNode body, Map<String, String> headers) {
    static E2bAnswer of(int status, JsonNode body) {
        return new E2bAnswer(status, body, Map.of());
    }

    static E2bAnswer empty() {
        return new E2bAnswer(204, null, Map.of());
    }
}
