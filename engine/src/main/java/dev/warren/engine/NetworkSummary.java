package dev.warren.engine;

import java.util.List;
import java.util.Map;

/**
 * A network of the engine: its id, name, labels and address ranges (CIDR, e.g. {@code 172.18.0.0/16}).
 *
 * @param subnets empty when the engine reports none (a network without IPAM, e.g. {@code none})
 */
public record NetworkSummary(String id, String name, Map<String, String> labels, List<String> subnets) {
    public NetworkSummary {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
    }
}
