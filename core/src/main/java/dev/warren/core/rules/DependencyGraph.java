package dev.warren.core.rules;

import dev.warren.core.ValidationException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Dependencies between spaces ("start these first"). Pure: callers pass the edges they know.
 * {@code edges.get(id)} lists the ids {@code id} depends on.
 */
public final class DependencyGraph {
    private final Map<String, List<String>> edges;

    public DependencyGraph(Map<String, List<String>> edges) {
        this.edges = Map.copyOf(edges);
    }

    /** Refuses a self-dependency or a change that would close a cycle; {@code names} turns ids into names. */
    public void checkNewDependencies(String spaceId, Collection<String> newDependsOn, Function<String, String> names) {
        if (newDependsOn.contains(spaceId)) {
            throw ValidationException.of("depends_on", "A space cannot depend on itself.");
        }
        for (String dependency : newDependsOn) {
            if (reaches(dependency, spaceId, new HashSet<>())) {
                throw ValidationException.of("depends_on", "Depending on '" + names.apply(dependency)
                        + "' would create a cycle: it already depends, directly or not, on '"
                        + names.apply(spaceId) + "'.");
            }
        }
    }

    private boolean reaches(String from, String goal, Set<String> seen) {
        if (from.equals(goal)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : edges.getOrDefault(from, List.of())) {
            if (reaches(next, goal, seen)) {
                return true;
            }
        }
        return false;
    }

    /** The ids to start for {@code spaceId}, dependencies first, {@code spaceId} last; each id once. */
    public List<String> startOrder(String spaceId) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        visit(spaceId, order, new HashSet<>());
        return new ArrayList<>(order);
    }

    /** Start order of a whole group of spaces (a stack): dependencies before dependants. */
    public List<String> startOrder(Collection<String> spaceIds) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String id : spaceIds) {
            visit(id, order, visiting);
        }
        return new ArrayList<>(order);
    }

    private void visit(String id, LinkedHashSet<String> order, Set<String> visiting) {
        if (order.contains(id) || !visiting.add(id)) {
            return; // already placed, or a cycle that slipped in: never loop forever
        }
        for (String dependency : edges.getOrDefault(id, List.of())) {
            visit(dependency, order, visiting);
        }
        order.add(id);
    }
}
