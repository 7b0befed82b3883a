package dev.warren.client.wire;

import java.util.List;
import java.util.Map;

/** Spaces and the knot.space table's functions. */
public final class Spaces {
    private Spaces() {}

    /**
     * Create a space. {@code template} is a template name or id. {@code for_user} (admins only) is a user id,
     * username or email. {@code depends_on} takes names or ids of the owner's spaces. {@code volumes}: the owner's
     * volumes to mount (see {@link Volumes.VolumeMountSpec}), fixed for the space's life.
     */
    public record CreateSpaceRequest(String name, String template, String description, String shell,
            List<String> dependsOn, String stack, String iconUrl, List<String> altNames,
            Map<String, String> customFields, Boolean startOnCreate, String forUser,
            List<Volumes.VolumeMountSpec> volumes) {
        /** Without volumes. */
        public CreateSpaceRequest(String name, String template, String description, String shell,
                List<String> dependsOn, String stack, String iconUrl, List<String> altNames,
                Map<String, String> customFields, Boolean startOnCreate, String forUser) {
            this(name, template, description, shell, dependsOn, stack, iconUrl, altNames, customFields, startOnCreate,
                    forUser, null);
        }
    }

    /** Edit a space; null fields are left as they are. */
    public record UpdateSpaceRequest(String name, String description, String iconUrl, List<String> altNames,
            String shell) {}

    public record CustomFieldValue(String name, String value) {}

    /**
     * The seed's {@code get()} fields, plus {@code state} (stopped, starting, running, stopping, deleting),
     * {@code update_available}, {@code ports} (the template's ports, for the Ports menu) and {@code healthy} with
     * {@code health_detail} (false with a sentence when a running space's agent does not answer).
     */
    public record SpaceInfo(String id, String name, String description, String templateId, String templateName,
            String userId, String username, List<String> shares, List<String> dependsOn, String shell,
            String platform, String zone, boolean isRunning, boolean isPending, boolean isDeleting,
            String nodeHostname, String createdAt, List<String> altNames, String iconUrl,
            List<CustomFieldValue> customFields, String startupScriptId, String stack, boolean updateAvailable,
            String state, List<Templates.Port> ports, boolean healthy, String healthDetail) {}

    public record Created(String id) {}

    public record Running(boolean isRunning) {}

    public record Description(String description) {}

    public record Dependencies(List<String> dependsOn) {}

    public record Stack(String stack) {}

    /**
     * The script (name or id; empty for none) run in the background after every start of the space; reading it
     * answers the script's id.
     */
    public record StartupScript(String script) {}

    public record FieldValue(String value) {}

    /** {@code user}: id, username or email of the new owner. */
    public record TransferRequest(String user) {}

    /** {@code users}: ids, usernames or emails. */
    public record ShareRequest(List<String> users) {}

    /** {@code user} null: owners stop all sharing, recipients leave their own share. */
    public record UnshareRequest(String user) {}

    /** {@code timeout} in seconds (default 30, 1..3600); {@code workdir} empty: the image's. */
    public record RunRequest(String command, List<String> args, Integer timeout, String workdir) {}

    /** {@code output} is stdout followed by stderr; {@code timed_out} says the process was killed. */
    public record RunResult(String output, String stdout, String stderr, int exitCode, boolean timedOut,
            boolean truncated) {}

    public record RunScriptRequest(List<String> args, Integer timeout) {}

    public record StackAction(String stack, List<String> spaces) {}

    /**
     * A change pushed to browsers and CLIs by the events stream. {@code type}: {@code created}, {@code changed} or
     * {@code deleted} (then {@code state} is the last state the space had). {@code before} is the state before
     * (null when created). {@code actor} is who caused it (a username, or {@code system}); {@code time} ISO-8601;
     * {@code event_id} increases within a server's run. {@code detail} is progress of the change in progress (e.g.
     * "Pulling image …"), or what is wrong with a running space ({@code healthy: false}), empty otherwise.
     */
    public record SpaceEvent(long eventId, String type, String spaceId, String name, String state, String before,
            boolean isRunning, boolean isPending, boolean updateAvailable, boolean healthy, String actor,
            String time, String detail) {}

    /**
     * Where a space may connect outside warren. {@code mode}: {@code allow_all}, {@code deny_all} or
     * {@code allow_list}; {@code allow}: for {@code allow_list} only, CIDR ranges, addresses and domain names
     * (e.g. {@code 10.1.0.0/16}, {@code pypi.org}). Other spaces, the host and the engine are never reachable.
     */
    public record Egress(String mode, List<String> allow) {}

    /**
     * A space's egress: {@code effective} is in force (the template's narrowed by the owner's override),
     * {@code template} the template's policy, {@code override} what the owner set (null when none).
     */
    public record SpaceEgress(Egress effective, Egress template, Egress override) {}
}
