/**
 * An E2B-compatible API (issue 16): agents written for E2B's SDKs run unchanged against warren once
 * {@code E2B_API_URL} and {@code E2B_SANDBOX_URL} point here. The control plane (E2B's REST shapes: sandboxes,
 * timeouts, pause/connect, fork, snapshots) is translated onto {@link dev.warren.server.sandboxes.SandboxService} and
 * the snapshot services; the data plane (envd's Connect services {@code process.Process} and
 * {@code filesystem.Filesystem}, and its {@code /files} and {@code /health} routes) onto
 * {@link dev.warren.server.spaces.SpaceIo}, so every call goes through warren's own permission checks. This package
 * knows no Javalin word: {@link dev.warren.server.e2b.E2bExchange} is the request/response it is handed by the HTTP
 * layer. See docs/E2B.md.
 */
package dev.warren.server.e2b;
