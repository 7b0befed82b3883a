package dev.warren.core.rules;

import dev.warren.core.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DependencyGraphTest {
    private final DependencyGraph graph = new DependencyGraph(Map.of(
            "web", List.of("api"), "api", List.of("db", "cache"), "db", List.of(), "cache", List.of("db")));

    @Test
    void dependencies_start_before_their_dependants_once_each() {
        assertThat(graph.startOrder("web")).containsExactly("db", "cache", "api", "web");
        assertThat(graph.startOrder(List.of("cache", "web"))).containsExactly("db", "cache", "api", "web");
    }

    @Test
    void a_self_dependency_and_a_cycle_are_refused_with_names() {
        assertThatThrownBy(() -> graph.checkNewDependencies("db", List.of("db"), Function.identity()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("itself");
        assertThatThrownBy(() -> graph.checkNewDependencies("db", List.of("web"), Function.identity()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cycle").hasMessageContaining("web");
        graph.checkNewDependencies("web", List.of("db"), Function.identity());
    }

    @Test
    void a_cycle_already_stored_never_loops_forever() {
        DependencyGraph broken = new DependencyGraph(Map.of("a", List.of("b"), "b", List.of("a")));
        assertThat(broken.startOrder("a")).containsExactlyInAnyOrder("a", "b");
    }
}
