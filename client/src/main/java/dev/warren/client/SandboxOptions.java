package dev.warren.client;

import dev.warren.client.wire.Volumes.VolumeMountSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@link Sandbox#create(SandboxOptions)} makes a sandbox. Every field is optional; {@link #defaults()} takes the
 * server's: template {@code base}, a generated name, the server's timeout (300 s unless configured), kill on
 * timeout, no metadata, no extra environment, private port URLs. {@code keepAlive}: closing the {@link Sandbox}
 * leaves it running (until its timeout) instead of killing it. Immutable: each {@code with…} returns a copy.
 * <pre>{@code
 * SandboxOptions options = SandboxOptions.defaults().withTemplate("python").withTimeout(Duration.ofMinutes(10))
 *         .withMetadata("run", "42").withEnv("API_KEY", key);
 * }</pre>
 * {@code snapshot}: make the sandbox from one of your snapshots (see {@link #withSnapshot(String)}).
 */
public record SandboxOptions(String template, String name, Duration timeout, String onTimeout,
        Map<String, String> metadata, Map<String, String> envVars, Boolean secure, boolean keepAlive,
        boolean autoResume, Duration idleTimeout, List<VolumeMountSpec> volumes, String snapshot) {

    public SandboxOptions {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(null, null, null, null, Map.of(), Map.of(), null, false, false, null, List.of(),
                null);
    }

    /** A template name or id. */
    public SandboxOptions withTemplate(String value) {
        return new SandboxOptions(value, name, timeout, onTimeout, metadata, envVars, secure, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    public SandboxOptions withName(String value) {
        return new SandboxOptions(template, value, timeout, onTimeout, metadata, envVars, secure, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    /** The sandbox's life; whole seconds are sent (at least one). */
    public SandboxOptions withTimeout(Duration value) {
        return new SandboxOptions(template, name, value, onTimeout, metadata, envVars, secure, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    /**
     * What happens when the time is up (or the idle timeout passes): {@code "kill"} (the default) or {@code "pause"}
     * (memory kept, no CPU; killed after the server's paused retention, 24 h by default).
     */
    public SandboxOptions withOnTimeout(String value) {
        return new SandboxOptions(template, name, timeout, value, metadata, envVars, secure, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    public SandboxOptions withMetadata(String key, String value) {
        Map<String, String> more = new TreeMap<>(metadata);
        more.put(key, value);
        return new SandboxOptions(template, name, timeout, onTimeout, more, envVars, secure, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    public SandboxOptions withMetadata(Map<String, String> values) {
        Map<String, String> more = new TreeMap<>(metadata);
        more.putAll(values);
        return new SandboxOptions(template, name, timeout, onTimeout, more, envVars, secure, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    /** An environment variable every process of the sandbox gets (names starting with WARREN_ are refused). */
    public SandboxOptions withEnv(String variable, String value) {
        Map<String, String> more = new TreeMap<>(envVars);
        more.put(variable, value);
        return new SandboxOptions(template, name, timeout, onTimeout, metadata, more, secure, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    /** false: every port URL of the sandbox is public (no credentials, no preview token). */
    public SandboxOptions withSecure(boolean value) {
        return new SandboxOptions(template, name, timeout, onTimeout, metadata, envVars, value, keepAlive,
                autoResume, idleTimeout, volumes, snapshot);
    }

    /** true: closing the {@link Sandbox} leaves it running until its timeout. */
    public SandboxOptions withKeepAlive(boolean value) {
        return new SandboxOptions(template, name, timeout, onTimeout, metadata, envVars, secure, value,
                autoResume, idleTimeout, volumes, snapshot);
    }

    /** true: traffic to one of its port URLs resumes it when paused (the request waits for it, then goes through). */
    public SandboxOptions withAutoResume(boolean value) {
        return new SandboxOptions(template, name, timeout, onTimeout, metadata, envVars, secure, keepAlive, value,
                idleTimeout, volumes, snapshot);
    }

    /** Unused this long (no API call, proxied request or open terminal), the on-timeout action happens. */
    public SandboxOptions withIdleTimeout(Duration value) {
        return new SandboxOptions(template, name, timeout, onTimeout, metadata, envVars, secure, keepAlive, autoResume,
                value, volumes, snapshot);
    }

    /** Mounts your volume (name or id) at {@code mountPath}, whole and writable. */
    public SandboxOptions withVolume(String ref, String mountPath) {
        return withVolume(new VolumeMountSpec(ref, mountPath));
    }

    /** Mounts a volume as described: a subpath of it, read-only, or both. */
    public SandboxOptions withVolume(VolumeMountSpec mount) {
        List<VolumeMountSpec> more = new ArrayList<>(volumes);
        more.add(mount);
        return new SandboxOptions(template, name, timeout, onTimeout, metadata, envVars, secure, keepAlive,
                autoResume, idleTimeout, more, snapshot);
    }

    /**
     * Makes the sandbox from one of your snapshots (id or name): it starts with the snapshot's files, volume copies
     * and template (so leave the template out). <b>Memory is not carried</b> — checkpointing processes (CRIU) fails
     * on the kernels warren runs on — so its processes start afresh from the image's command.
     */
    public SandboxOptions withSnapshot(String idOrName) {
        return new SandboxOptions(template, name, timeout, onTimeout, metadata, envVars, secure, keepAlive,
                autoResume, idleTimeout, volumes, idOrName);
    }
}
