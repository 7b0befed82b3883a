package dev.warren.server.e2b;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.client.wire.Sandboxes.SandboxInfo;

import java.util.function.Supplier;

/**
 * Warren's sandboxes in E2B's JSON shapes ({@code Sandbox}, {@code SandboxDetail}, {@code ListedSandbox} of their
 * OpenAPI document). Only fields of those schemas are written: their SDK's parsers are strict about nothing, but a
 * field they do not know would be a promise this server does not keep.
 */
final class E2bSandboxViews {
    /** The envd version this server speaks: new enough for stdin close and octet-stream uploads (0.5.7), older
     * than file metadata (0.6.2), which warren does not store. */
    static final String ENVD_VERSION = "0.5.7";
    private static final String CLIENT_ID = "warren";

    private final ObjectMapper mapper;
    private final EnvdTokens tokens;
    private final Supplier<String> domain;
    private final int cpuCount = Runtime.getRuntime().availableProcessors();
    private final long memoryMb;

    /** @param domain the domain of port URLs ({@code <port>-<id>.<domain>}), null when port URLs are off */
    E2bSandboxViews(ObjectMapper mapper, EnvdTokens tokens, Supplier<String> domain) {
        this.mapper = mapper;
        this.tokens = tokens;
        this.domain = domain;
        long bytes = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : 0;
        this.memoryMb = bytes / (1024 * 1024);
    }

    /** {@code Sandbox}: what create, connect, resume and fork answer, with the data plane's access token. */
    ObjectNode sandbox(SandboxInfo info, String callerId) {
        ObjectNode node = mapper.createObjectNode();
        node.put("templateID", info.templateId());
        node.put("sandboxID", info.id());
        node.put("alias", info.templateName());
        node.put("clientID", CLIENT_ID);
        node.put("envdVersion", ENVD_VERSION);
        node.put("envdAccessToken", tokens.mint(info.id(), callerId));
        node.putNull("trafficAccessToken");
        putDomain(node);
        return node;
    }

    /** {@code SandboxDetail}: one sandbox as get answers it. */
    ObjectNode detail(SandboxInfo info, String callerId) {
        ObjectNode node = listed(info);
        node.put("envdAccessToken", tokens.mint(info.id(), callerId));
        putDomain(node);
        ObjectNode lifecycle = node.putObject("lifecycle");
        lifecycle.put("autoResume", info.autoResume());
        lifecycle.put("onTimeout", "pause".equals(info.onTimeout()) ? "pause" : "kill");
        return node;
    }

    /** {@code ListedSandbox}: one entry of a list. */
    ObjectNode listed(SandboxInfo info) {
        ObjectNode node = mapper.createObjectNode();
        node.put("templateID", info.templateId());
        node.put("alias", info.templateName());
        node.put("sandboxID", info.id());
        node.put("clientID", CLIENT_ID);
        node.put("startedAt", info.createdAt());
        node.put("endAt", info.endAt());
        // The host's figures: warren reports no per-sandbox CPU or memory limit through this view (docs/E2B.md).
        node.put("cpuCount", cpuCount);
        node.put("memoryMB", memoryMb);
        node.put("diskSizeMB", 0);
        node.set("metadata", mapper.valueToTree(info.metadata()));
        node.put("state", state(info.state()));
        node.put("envdVersion", ENVD_VERSION);
        node.putArray("volumeMounts");
        return node;
    }

    /** E2B knows two states: paused, and running for everything else a listed sandbox can be. */
    static String state(String warrenState) {
        return "paused".equals(warrenState) ? "paused" : "running";
    }

    private void putDomain(ObjectNode node) {
        String value = domain.get();
        if (value == null) {
            node.putNull("domain");
        } else {
            node.put("domain", value);
        }
    }
}
