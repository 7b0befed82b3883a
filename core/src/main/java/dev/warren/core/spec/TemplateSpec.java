package dev.warren.core.spec;

import dev.warren.core.model.EgressPolicy;

import java.util.List;
import java.util.Map;

/**
 * The container spec of a template after parsing (and, at start, after variable resolution).
 * {@code volumes} maps a volume name (kept per space) to the path it is mounted at.
 * {@code memoryBytes}, {@code nanoCpus}, {@code pids} and {@code nofile} are 0 when the template does not set them:
 * the server's defaults apply then (see {@link ResourceLimits}).
 */
public record TemplateSpec(
        String image,
        List<String> command,
        Map<String, String> environment,
        List<PortSpec> ports,
        Map<String, String> volumes,
        long memoryBytes,
        long nanoCpus,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        String hostname,
        String workdir,
        String user,
        long pids,
        long nofile,
        EgressPolicy egress) {

    public TemplateSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        ports = List.copyOf(ports);
        volumes = Map.copyOf(volumes);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        egress = egress == null ? EgressPolicy.ALLOW_ALL : egress;
    }

    /** The limits this template sets (0 where it sets none). */
    public ResourceLimits limits() {
        return new ResourceLimits(memoryBytes, nanoCpus, pids, nofile);
    }
}
