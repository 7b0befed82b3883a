package dev.warren.runtime.docker;

import dev.warren.core.WrongStateException;
import dev.warren.engine.ContainerSpec;
import dev.warren.runtime.CollectedOutput;
import dev.warren.runtime.SpaceAgent;
import dev.warren.runtime.agent.ProcessRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A space still running from before the agent (an upgrade): its container has no agent, so commands and files go
 * through the engine's exec and archive API, and what needs the agent is refused with a sentence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExecFallbackContract {
    private DockerSpaceRuntime runtime;
    private SpaceAgent agent;

    abstract String engineHost();

    @BeforeAll
    void start() {
        runtime = DockerRuntimeSupport.create(engineHost());
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        // as the previous warren started spaces: the engine's init, the template's command, no agent
        String container = runtime.engine().createContainer(ContainerSpec.builder(runtime.labels().containerName(id),
                "warren-base:latest").command("sleep", "3600").labels(runtime.labels().space(id, "owner-1")).build());
        runtime.engine().startContainer(container);
        agent = runtime.agent(id);
    }

    @AfterAll
    void stop() {
        runtime.removeEverything();
        runtime.close();
    }

    @Test
    void commands_and_files_still_work_through_the_engine() {
        CollectedOutput echo = CollectedOutput.collect(agent.start(ProcessRequest.of("sh", "-c", "echo hi; exit 3")),
                1024, Duration.ofSeconds(30));
        assertThat(echo.stdoutText()).isEqualTo("hi\n");
        assertThat(echo.exitCode()).isEqualTo(3);
        agent.write("/tmp/old.txt", new ByteArrayInputStream("old space".getBytes()), 0644);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        agent.read("/tmp/old.txt", out);
        assertThat(out.toString()).isEqualTo("old space");
    }

    @Test
    void a_link_is_made_with_ln_and_a_taken_path_is_a_conflict() {
        agent.symlink("../target.txt", "/tmp/links/deeper/link");
        CollectedOutput link = CollectedOutput.collect(agent.start(ProcessRequest.of("readlink",
                "/tmp/links/deeper/link")), 1024, Duration.ofSeconds(30));
        assertThat(link.stdoutText()).isEqualTo("../target.txt\n");
        assertThatThrownBy(() -> agent.symlink("elsewhere", "/tmp/links/deeper/link"))
                .isInstanceOf(dev.warren.core.ConflictException.class);
    }

    @Test
    void what_needs_the_agent_says_so() {
        assertThatThrownBy(() -> agent.start(new ProcessRequest(List.of("sleep", "5"), Map.of(), null, null, null,
                true, false))).isInstanceOf(WrongStateException.class).hasMessageContaining("Restart the space");
        assertThatThrownBy(() -> agent.processes()).isInstanceOf(WrongStateException.class);
    }
}
