package dev.warren.engine.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerPathsTest {
    @Test
    void paths_are_normalised_and_must_be_absolute() {
        assertThat(ContainerPaths.absolute("/a//b/./c/../d/")).isEqualTo("/a/b/d");
        assertThat(ContainerPaths.absolute("/../..")).isEqualTo("/");
        assertThatThrownBy(() -> ContainerPaths.absolute("relative/path")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parent_and_name_split_a_path() {
        assertThat(ContainerPaths.parent("/tmp/file")).isEqualTo("/tmp");
        assertThat(ContainerPaths.parent("/file")).isEqualTo("/");
        assertThat(ContainerPaths.name("/tmp/file")).isEqualTo("file");
    }

    @Test
    void links_resolve_relative_to_their_directory() {
        assertThat(ContainerPaths.resolveLink("/etc/alternatives/java", "../../opt/jre/bin/java")).isEqualTo("/opt/jre/bin/java");
        assertThat(ContainerPaths.resolveLink("/tmp/link", "/abs/target")).isEqualTo("/abs/target");
    }
}
