package dev.warren.core.spec;

import java.util.List;
import java.util.Map;

/**
 * The container spec of a template after parsing (and, at start, after variable resolution).
 * {@code volumes} maps a volume name (kept per space) to the path it is mounted at.
 * {@code memoryBytes} and {@code nanoCpus} are 0 when unlimited.
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
        String user) {

    public TemplateSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        ports = List.copyOf(ports);
        volumes = Map.copyOf(volumes);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
    }
}
