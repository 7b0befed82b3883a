package dev.warren.client.wire;

import java.util.List;
import java.util.Map;

/**
 * Sandboxes: spaces for agents, created and started in one call, with a life span ({@code timeout}, seconds) and
 * labels ({@code metadata}). A sandbox's id is its space's id, so every space route (processes, files, uploads,
 * port URLs) takes it too.
 */
public final class Sandboxes {
    private Sandboxes() {}

    /**
     * Create and start a sandbox. Every field is optional: {@code template} (name or id, default {@code base}),
     * {@code name} (generated when absent), {@code timeout} (seconds of life, default the server's),
     * {@code on_timeout} ({@code kill} or {@code pause}), {@code auto_resume} (traffic to a port URL resumes it when
     * paused), {@code metadata} (labels to filter lists by), {@code env_vars} (set in every process of the sandbox),
     * {@code secure} (default true: port URLs need the owner's credentials or a preview token; false makes every
     * port URL public), {@code idle_timeout} (seconds without use — no API call, proxied request or open
     * terminal — after which {@code on_timeout} happens; 0 or absent: none), {@code volumes} (the caller's volumes
     * to mount, see {@link Volumes.VolumeMountSpec}), {@code snapshot} (id or name of one of your snapshots: the
     * sandbox starts with its files and volume copies and its template; memory is not carried, so processes start
     * afresh from the image's command).
     */
    public record CreateSandboxRequest(String template, String name, Long timeout, String onTimeout,
            Boolean autoResume, Map<String, String> metadata, Map<String, String> envVars, Boolean secure,
            Long idleTimeout, List<Volumes.VolumeMountSpec> volumes, String snapshot) {
        /** Without volumes. */
        public CreateSandboxRequest(String template, String name, Long timeout, String onTimeout, Boolean autoResume,
                Map<String, String> metadata, Map<String, String> envVars, Boolean secure, Long idleTimeout) {
            this(template, name, timeout, onTimeout, autoResume, metadata, envVars, secure, idleTimeout, null);
        }

        /** Not from a snapshot. */
        public CreateSandboxRequest(String template, String name, Long timeout, String onTimeout, Boolean autoResume,
                Map<String, String> metadata, Map<String, String> envVars, Boolean secure, Long idleTimeout,
                List<Volumes.VolumeMountSpec> volumes) {
            this(template, name, timeout, onTimeout, autoResume, metadata, envVars, secure, idleTimeout, volumes,
                    null);
        }
    }

    /** A new life span: {@code timeout} seconds from now. */
    public record TimeoutRequest(Long timeout) {}

    /** Connect: resumes or starts the sandbox if needed; {@code timeout}, when given, also sets a new life span. */
    public record ConnectRequest(Long timeout) {}

    /**
     * A sandbox. {@code state}: starting, running, paused, stopping, stopped, deleting.
     * {@code end_at}: when its time is up; {@code port_url}: the URL form of its ports with a {@code {port}}
     * placeholder (empty when port URLs are off). Environment variable values are never echoed, only their names.
     */
    public record SandboxInfo(String id, String name, String templateId, String templateName, String userId,
            String username, String state, Map<String, String> metadata, List<String> envVarNames,
            String onTimeout, boolean autoResume, boolean secure, String createdAt, String endAt,
            String portUrl, long timeout, long idleTimeout) {}

    /** One page of sandboxes, oldest first; {@code next_cursor} is null on the last page. */
    public record SandboxPage(List<SandboxInfo> sandboxes, String nextCursor) {}
}
